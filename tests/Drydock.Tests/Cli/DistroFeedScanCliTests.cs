using System.Text.Json;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;
using Drydock.Tests.Vulnerabilities.Feeds;

namespace Drydock.Tests.Cli;

/// <summary>
/// Issue 13 §3, whole CLI: a CBL-Mariner 2.0 image (go-rpmdb's real Mariner rpmdb.sqlite) scanned with a database
/// imported from trivy-db's Azure Linux / CBL-Mariner fixtures (a bundle folder <c>azure-linux-oval/</c>) reports what
/// trivy-db's data says of its installed packages, and the coverage section shows the distribution covered.
/// </summary>
public sealed class DistroFeedScanCliTests : IDisposable
{
    private const string Rpmdb = "go-rpmdb/pkg/testdata/cbl-mariner-2.0/rpmdb.sqlite";
    private const string Fixture = "trivy-db/pkg/vulnsrc/azure/testdata/happy/vuln-list";
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SharedDataFact]
    public async Task Image_MarinerImageWithImportedFeed_FindingsOfTheFixtureAndCovered()
    {
        // Given: the image, and a bundle holding the feed's folder in vuln-list's layout
        new ImageBuilder().User("app").Layer(new TarBuilder()
                .File("etc/os-release", "NAME=\"Common Base Linux Mariner\"\nVERSION=\"2.0.20220226\"\nID=mariner\nVERSION_ID=\"2.0\"\n")
                .File("var/lib/rpm/rpmdb.sqlite", await File.ReadAllBytesAsync(SharedTestData.Path(Rpmdb))))
            .WriteOciLayout(_dir.Path("img"), "t");
        foreach (var file in Directory.EnumerateFiles(SharedTestData.Path(Fixture), "*", SearchOption.AllDirectories))
        {
            var target = _dir.Path("bundle/azure-linux-oval/" + Path.GetRelativePath(SharedTestData.Path(Fixture), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var db = _dir.Path("vuln.db");
        var openssl = DistroFeedExpectations.TrivyCases("azure").SelectMany(c => c.Details)
            .Single(d => d is { Id: "CVE-2023-5678", Platform: "CBL-Mariner 2.0", Package: "openssl" });

        // When
        var import = await CliRun.RunAsync("db", "import", _dir.Path("bundle"), "--db", db);
        var scan = await CliRun.RunAsync("image", "oci:" + _dir.Path("img") + ":t", "--scanners", "vuln", "--db", db, "--no-cache", "-f", "json");

        // Then: openssl 1.1.1k-7.cm2 is before trivy-db's fix; the others the fixture names are not installed
        Assert.True(import.Code == 0, import.Err);
        Assert.True(scan.Code == 0, scan.Err);
        using var json = JsonDocument.Parse(scan.Out);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("vulnerabilityId").GetString()} {f.GetProperty("packageName").GetString()} {f.GetProperty("installedVersion").GetString()} {f.GetProperty("fixedVersion").GetString()} {f.GetProperty("severity").GetString()}")
            .ToList();
        Assert.Equal([$"CVE-2023-5678 openssl 1.1.1k-7.cm2 {openssl.Fixed} MEDIUM"], findings);
        var os = json.RootElement.GetProperty("coverage").GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "os");
        Assert.True(os.GetProperty("covered").GetBoolean(), os.ToString());
        Assert.Equal("cbl-mariner:2", os.GetProperty("namespace").GetString());
        Assert.Equal(["azure-linux-oval"], os.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain("not covered", scan.Err, StringComparison.Ordinal);
    }
}
