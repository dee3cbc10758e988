using Drydock.Vulnerabilities.Store;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Distribution;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Distribution;

/// <summary>Feed layers: a database split per feed and assembled again holds the same rows; a layer depends on its feed's rows only.</summary>
public sealed class FeedLayerTests
{
    private static readonly DateTimeOffset Built = ArtifactDatabase.Built;

    [Fact]
    public async Task ExportThenAssemble_FourFeeds_SameRowsAndBuildTime()
    {
        // Given
        using var db = TestDatabase.Empty();
        ArtifactDatabase.Build(db.Path, "CVE-2021-1");
        var work = Directory.CreateDirectory(Path.Combine(db.Directory, "work")).FullName;
        var copy = Path.Combine(db.Directory, "assembled.db");

        // When
        var layers = FeedLayerExporter.Export(db.Path, work, CancellationToken.None);
        await DatabaseAssembler.AssembleAsync(copy, layers.Select(l => (l.Feed, l.Path)).ToList(), Built, CancellationToken.None);

        // Then
        Assert.Equal(["debian-tracker", "endoflife", "nvd", "osv"], layers.Select(l => l.Feed).Order(StringComparer.Ordinal));
        Assert.Equal(ArtifactDatabase.Rows(db.Path), ArtifactDatabase.Rows(copy));
        using var store = SqliteAdvisoryStore.Open(copy);
        Assert.Equal(Built, store.BuiltAt);
    }

    [Fact]
    public void Export_SameRowsLoadedInAnotherOrder_SameDigests_OneFeedChanged_OnlyItsDigestChanges()
    {
        // Given: the same data loaded in two orders, and a third database where only the Debian tracker differs
        using var a = TestDatabase.Empty();
        using var b = TestDatabase.Empty();
        using var c = TestDatabase.Empty();
        ArtifactDatabase.Build(a.Path, "CVE-2021-1");
        ArtifactDatabase.Build(b.Path, "CVE-2021-1", reversed: true);
        ArtifactDatabase.Build(c.Path, "CVE-2021-2");

        // When
        var da = FeedLayerExporter.Export(a.Path, a.Directory, CancellationToken.None).ToDictionary(l => l.Feed, l => l.Digest);
        var db = FeedLayerExporter.Export(b.Path, b.Directory, CancellationToken.None).ToDictionary(l => l.Feed, l => l.Digest);
        var dc = FeedLayerExporter.Export(c.Path, c.Directory, CancellationToken.None).ToDictionary(l => l.Feed, l => l.Digest);

        // Then
        Assert.Equal(da, db);
        Assert.Equal(["debian-tracker"], da.Keys.Where(k => da[k] != dc[k]));
    }

    [Fact]
    public void Export_RowsOfASourceThatIsNoFeed_RefusedNamingTheSource()
    {
        // Given: the test database's rows come from 'debian-tracker', but its only feed is called 'test'
        using var db = TestDatabase.From(new AdvisoryRecord(null, [new AffectedPackage { Namespace = "debian:12", Package = "sope", VulnerabilityId = "CVE-1", VersionScheme = "deb", DataSource = "debian-tracker" }]));

        // When
        var e = Assert.Throws<DrydockException>(() => FeedLayerExporter.Export(db.Path, db.Directory, CancellationToken.None));

        // Then
        Assert.Equal($"{db.Path}: advisory rows of sources that are no feed of the database (debian-tracker (1 rows)) cannot be carried in a feed layer; rebuild it with 'drydock db update'", e.Message);
    }
}
