using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Feeds;

public sealed class SecDbFeedTests
{
    private static async Task<List<AffectedPackage>> ReadAsync(IFeed feed, string dir)
    {
        var rows = new List<AffectedPackage>();
        await foreach (var r in feed.ReadAsync(SharedTestData.Path(dir), CancellationToken.None)) rows.AddRange(r.Affected);
        return rows;
    }

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbAlpineFixture_FixedVersionsAsTrivyExpects()
    {
        // Given
        var expected = TrivyDbExpectations.HappyPath("alpine").Where(w => w.Key[0] == "advisory-detail").ToList();

        // When
        var rows = await ReadAsync(new AlpineSecDbFeed(), "trivy-db/pkg/vulnsrc/alpine/testdata/happy/vuln-list/alpine");

        // Then: every (id, release, package) → fixed version trivy-db stores, and nothing else
        Assert.NotEmpty(expected);
        var actual = rows.Select(r => (r.VulnerabilityId, r.Namespace, r.Package, r.Fixed)).Order().ToList();
        var want = expected.Select(w => (w.Key[1], "alpine:" + w.Key[2].Split(' ')[1], w.Key[3], TrivyDbExpectations.Str(w.Value, "FixedVersion"))).Order().ToList();
        Assert.Equal(want, actual);
    }

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbWolfiFixture_FixedVersionsAsTrivyExpects()
    {
        // Given
        var expected = TrivyDbExpectations.HappyPath("wolfi").Where(w => w.Key[0] == "advisory-detail").ToList();

        // When
        var rows = await ReadAsync(WolfiSecDbFeed.Wolfi(), "trivy-db/pkg/vulnsrc/wolfi/testdata/happy/vuln-list/wolfi");

        // Then
        var actual = rows.Select(r => (r.VulnerabilityId, r.Package, r.Fixed, r.Namespace)).Order().ToList();
        var want = expected.Select(w => (w.Key[1], w.Key[3], TrivyDbExpectations.Str(w.Value, "FixedVersion"), "wolfi:rolling")).Order().ToList();
        Assert.Equal(want, actual);
    }

    [SharedDataFact]
    public async Task ReadAsync_FullAlpine311SecDb_VersionZeroIsNotAffectedAndIdsSplit()
    {
        // When
        var rows = await ReadAsync(new AlpineSecDbFeed(), "alpine-secdb/v3.11");

        // Then
        Assert.All(rows, r => Assert.Equal("alpine:3.11", r.Namespace));
        Assert.Contains(rows, r => r is { Package: "openssl", VulnerabilityId: "CVE-2019-1551", Fixed: "1.1.1d-r3", Status: VulnerabilityStatus.Fixed });
        Assert.All(rows.Where(r => r.Fixed is null), r => Assert.Equal(VulnerabilityStatus.NotAffected, r.Status));
        Assert.All(rows, r => Assert.DoesNotContain(' ', r.VulnerabilityId));
    }

    [Theory]
    [InlineData("CVE-2024-22195 GHSA-h5c8-rqwp-cp95", new[] { "CVE-2024-22195", "GHSA-h5c8-rqwp-cp95" })]
    [InlineData("XSA-123, CVE-2020-1", new[] { "XSA-123", "CVE-2020-1" })]
    [InlineData("CVE-2017-2616 (+ regression fix)", new[] { "CVE-2017-2616" })]
    [InlineData("GHSA-h6cc-rc6q-23j4 (+regression fix)", new[] { "GHSA-h6cc-rc6q-23j4" })]
    public void Ids_SecfixesEntry_OnlyIdentifiers(string entry, string[] expected)
    {
        // When
        var ids = SecDbParser.Ids(entry).ToArray();

        // Then
        Assert.Equal(expected, ids);
    }
}
