using System.Formats.Tar;
using System.Text.Json;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;
using Drydock.Tests.Reports;
using Drydock.Tests.Scanning;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Cli;

/// <summary>
/// <c>drydock image</c> and <c>drydock sbom</c> end to end in process (<see cref="CliRun"/>: the CLI entry with args,
/// stdout, stderr and the exit code captured) on an OCI layout and a database the test writes. The reports are compared
/// with golden files; only the run's own timestamp and the temp directory are replaced, as they differ per run.
/// </summary>
public sealed class ImageCommandEndToEndTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TestDatabase _db = TestDatabase.From(new AdvisoryRecord(null, [ScanCoverageTests.Row("debian:12", "openssl", "CVE-2024-1", "3.0.11-1")]));

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// Debian 12 with an outdated libssl3, and a second layer with a private key (CIS 4.10), run as root. GNU tar headers:
    /// PAX ones carry the time they were written (atime, ctime), which would change the digests on every run.
    /// </summary>
    private string Layout()
    {
        new ImageBuilder()
            .Layer(new TarBuilder(TarEntryFormat.Gnu)
                .File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .File("var/lib/dpkg/status", "Package: libssl3\nStatus: install ok installed\nVersion: 3.0.9-1\nSource: openssl\nArchitecture: amd64\n\n"))
            .Layer(new TarBuilder(TarEntryFormat.Gnu).File("root/.ssh/id_rsa", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n", mode: 0x180))
            .WriteOciLayout(_dir.Path("img"), "t");
        return "oci:" + _dir.Path("img") + ":t";
    }

    /// <summary>
    /// The report with the values that differ per run replaced: those at the dotted <paramref name="paths"/> (the run's
    /// timestamp, and what is derived from it and the temp path, like CycloneDX's serial number) and the temp directory.
    /// </summary>
    private string Normalised(string report, params string[] paths)
    {
        using var json = JsonDocument.Parse(report);
        foreach (var path in paths)
        {
            var value = path.Split('.').Aggregate(json.RootElement, (e, name) => e.GetProperty(name)).GetRawText();
            report = report.Replace(value, $"\"<{path}>\"", StringComparison.Ordinal);
        }
        return report.Replace(_dir.Root, "<dir>", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_OciLayoutWithDatabase_JsonReportMatchesGolden_GateExitCode()
    {
        // Given
        var target = Layout();

        // When
        var (code, stdout, stderr) = await CliRun.RunAsync("image", target, "--db", _db.Path, "--no-cache", "-q", "--severity", "HIGH", "--exit-code", "5", "-f", "json");

        // Then
        Assert.True(code == 5, stderr);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        ReportOutput.AssertGolden("cli-image.oci.json", Normalised(stdout, "generatedAt"));
    }

    [Fact]
    public async Task Image_SameRunTwice_SameReport_OfflineControlsOnly()
    {
        // Given
        var target = Layout();
        string[] args = ["image", target, "--offline", "--scanners", "controls", "--no-cache", "-q", "-f", "json"];

        // When
        var first = await CliRun.RunAsync(args);
        var second = await CliRun.RunAsync(args);

        // Then: no database was asked for, the gate passes by default (exit code 0), the report is the same
        Assert.True(first.Code == 0, first.Err);
        Assert.Equal(Normalised(first.Out, "generatedAt"), Normalised(second.Out, "generatedAt"));
        using var json = JsonDocument.Parse(first.Out);
        Assert.False(json.RootElement.TryGetProperty("database", out var database) && database.ValueKind != JsonValueKind.Null);
        var freshness = json.RootElement.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "DRYDOCK-FRESHNESS");
        Assert.Equal("Freshness was not looked up (--offline or --freshness never).", freshness.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Sbom_OciLayout_CycloneDxMatchesGolden()
    {
        // Given
        var target = Layout();

        // When
        var (code, stdout, stderr) = await CliRun.RunAsync("sbom", target, "--no-cache", "-q");

        // Then
        Assert.True(code == 0, stderr);
        ReportOutput.AssertGolden("cli-sbom.oci.cdx.json", Normalised(stdout, "metadata.timestamp", "serialNumber"));
    }

    [Fact]
    public async Task Image_UnparsableTarget_OneLineOnStderr_Exit2()
    {
        // When
        var (code, stdout, stderr) = await CliRun.RunAsync("image", "oci:", "--no-cache", "-q", "--scanners", "controls");

        // Then
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
