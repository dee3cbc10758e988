using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Feeds;

public sealed class OsvFeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<List<AdvisoryRecord>> ReadAsync(string dir)
    {
        var feed = new OsvFeed(new FixedTimeProvider(Now));
        var records = new List<AdvisoryRecord>();
        await foreach (var r in feed.ReadAsync(SharedTestData.Path(dir), CancellationToken.None)) records.Add(r);
        return records;
    }

    /// <summary>trivy-db keys an OSV advisory by its CVE alias; each expected entry must find our record and its fixes.</summary>
    [SharedDataTheory]
    [InlineData("osv", "trivy-db/pkg/vulnsrc/osv/testdata/happy/vuln-list/osv")]
    [InlineData("ghsa", "trivy-db/pkg/vulnsrc/ghsa/testdata/happy/ghsa")]
    public async Task ReadAsync_TrivyDbFixture_PatchedVersionsAsTrivyExpects(string source, string dir)
    {
        // Given
        var expected = TrivyDbExpectations.HappyPath(source).Where(w => w.Key[0] == "advisory-detail").ToList();
        var records = await ReadAsync(dir);
        var checkedCount = 0;

        foreach (var (key, value) in expected)
        {
            var ns = AdvisoryNamespaces.FromOsvEcosystem(TrivyEcosystem(key[2]));
            if (ns is null) continue; // swift/cocoapods: ecosystems Drydock does not scan

            // When
            var record = Assert.Single(records, r => r.Vulnerability!.Id == key[1] || r.Vulnerability.Aliases.Contains(key[1]));
            var rows = record.Affected.Where(a => a.Namespace == ns && a.Package == PackageNames.Normalize(ns, key[3])).ToList();

            // Then
            Assert.NotEmpty(rows);
            var fixes = rows.Select(r => r.Fixed).OfType<string>().Order().ToList();
            Assert.Equal(TrivyDbExpectations.Strings(value, "PatchedVersions").Order().ToList(), fixes);
            checkedCount++;
        }
        Assert.True(checkedCount >= 4, $"only {checkedCount} expectations checked");
    }

    [SharedDataFact]
    public async Task ReadAsync_WithdrawnInThePast_Skipped_WithdrawnInTheFuture_Kept()
    {
        // When
        var records = await ReadAsync("trivy-db/pkg/vulnsrc/osv/testdata/happy/vuln-list/osv");

        // Then
        Assert.DoesNotContain(records, r => r.Vulnerability!.Id == "PYSEC-2023-73");
        Assert.Contains(records, r => r.Vulnerability!.Id == "PYSEC-2019-156");
    }

    [SharedDataFact]
    public async Task ReadAsync_LastAffectedEvents_BecomeClosedRanges()
    {
        // When
        var records = await ReadAsync("trivy-db/pkg/vulnsrc/osv/testdata/happy/vuln-list/osv");
        var aiohttp = records.Single(r => r.Vulnerability!.Id == "PYSEC-2023-120").Affected;

        // Then: [0, 3.8.4] and [4.0.1, 4.0.1], as trivy's "<=3.8.4", "=4.0.1"
        Assert.Equal([(null, "3.8.4"), ("4.0.1", "4.0.1")], aiohttp.Select(a => (a.Introduced, a.LastAffected)).ToList());
        Assert.All(aiohttp, a => Assert.Equal(("pypi", "pep440"), (a.Namespace, a.VersionScheme)));
    }

    [Theory]
    [InlineData("Debian:12", "debian:12")]
    [InlineData("Ubuntu:22.04:LTS", "ubuntu:22.04")]
    [InlineData("Alpine:v3.19", "alpine:3.19")]
    [InlineData("Rocky Linux:9", "rocky:9")]
    [InlineData("AlmaLinux:9", "alma:9")]
    [InlineData("SUSE:Linux Enterprise Server 15 SP5", "sles:15.5")]
    [InlineData("openSUSE:Leap 15.5", "opensuse-leap:15.5")]
    [InlineData("Wolfi", "wolfi:rolling")]
    [InlineData("crates.io", "crates.io")]
    [InlineData("Ubuntu:Pro:18.04:LTS", null)]
    [InlineData("SwiftURL", null)]
    public void FromOsvEcosystem_KnownEcosystems_Namespace(string ecosystem, string? expected)
    {
        // When
        var ns = AdvisoryNamespaces.FromOsvEcosystem(ecosystem);

        // Then
        Assert.Equal(expected, ns);
    }

    private static string TrivyEcosystem(string bucket) => bucket.Split("::")[0] switch
    {
        "pip" => "PyPI",
        "maven" => "Maven",
        "cargo" => "crates.io",
        "go" => "Go",
        "npm" => "npm",
        "nuget" => "NuGet",
        var other => other,
    };
}
