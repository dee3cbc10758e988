using System.Text.Json;
using Drydock.Cli;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;
using Drydock.Tests.Scanning;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Cli;

/// <summary><c>drydock image</c>: coverage gaps are warned once on stderr, and <c>--fail-on-incomplete</c> / <c>--fail-stale</c> act on them.</summary>
public sealed class CoverageCliTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(args);

    private string Alpine()
    {
        new ImageBuilder().User("app").Layer(new TarBuilder()
                .File("etc/os-release", "ID=alpine\nVERSION_ID=3.22.1\n")
                .File("lib/apk/db/installed", "P:musl\nV:1.2.5-r10\nA:x86_64\no:musl\n\n"))
            .WriteOciLayout(_dir.Path("img"), "t");
        return "oci:" + _dir.Path("img") + ":t";
    }

    [Theory]
    [InlineData("debian:12", "alpine 3.22.1 (1 package): not covered: the database has no advisories for alpine (no feed of it was loaded)")]
    [InlineData("alpine:3.22", "1 advisory range could not be evaluated, e.g. CVE-2025-1 for musl 1.2.5-r10 in alpine:3.22 (no comparer for version scheme 'bogus')")]
    public async Task Image_CoverageGap_WarnedOnce_FailOnIncompleteExitsWithTheGateCode(string ns, string gap)
    {
        // Given: a database whose only row is for another OS, or for this one in a scheme nothing can compare
        using var db = TestDatabase.From(new AdvisoryRecord(null, [ScanCoverageTests.Row(ns, "musl", "CVE-2025-1", "1.2.5-r99", scheme: "bogus")]));
        var target = Alpine();
        string[] common = ["image", target, "--scanners", "vuln", "--db", db.Path, "--no-cache", "--exit-code", "1", "-f", "json"];

        // When
        var plain = await RunAsync(common);
        var strict = await RunAsync([.. common, "--fail-on-incomplete"]);

        // Then
        Assert.True(plain.Code == 0, plain.Err);
        Assert.Single(plain.Err.Split('\n'), l => l.Contains("coverage gap: " + gap, StringComparison.Ordinal));
        Assert.Equal(1, strict.Code);
        using var json = JsonDocument.Parse(strict.Out);
        Assert.False(json.RootElement.GetProperty("coverage").GetProperty("complete").GetBoolean());
        Assert.Equal(gap, json.RootElement.GetProperty("coverage").GetProperty("gaps")[0].GetProperty("message").GetString());
        Assert.Equal(["incomplete: " + gap], json.RootElement.GetProperty("gate").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Image_FailStaleRegistryUnreachable_FailsWithFreshnessUnknown()
    {
        // Given: an archive that names a registry nothing listens on
        new ImageBuilder().User("app").Layer(ScanCoverageTests.Debian12()).WriteDockerArchive(_dir.Path("img.tar"), DockerArchiveLayout.Legacy, "127.0.0.1:9/app:1");
        string[] common = ["image", "docker-archive:" + _dir.Path("img.tar"), "--scanners", "controls", "--freshness", "always", "--no-cache",
            "--severity", "CRITICAL", "--exit-code", "1", "-f", "json"];

        // When
        var plain = await RunAsync(common);
        var failStale = await RunAsync([.. common, "--fail-stale"]);

        // Then
        Assert.True(plain.Code == 0, plain.Err + plain.Out);
        Assert.Contains("coverage gap: freshness could not be determined: ", plain.Err, StringComparison.Ordinal);
        Assert.Equal(1, failStale.Code);
        using var json = JsonDocument.Parse(failStale.Out);
        var reason = Assert.Single(json.RootElement.GetProperty("gate").GetProperty("reasons").EnumerateArray()).GetString();
        Assert.StartsWith("DRYDOCK-FRESHNESS: freshness could not be determined: ", reason, StringComparison.Ordinal);
    }
}
