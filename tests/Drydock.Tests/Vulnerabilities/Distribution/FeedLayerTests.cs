using System.IO.Compression;
using Drydock.Images;
using Drydock.Vulnerabilities.Store;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Distribution;
using Drydock.Vulnerabilities.Feeds;
using ZstdSharp;

namespace Drydock.Tests.Vulnerabilities.Distribution;

/// <summary>Feed layers: a database split per feed and assembled again holds the same rows; a layer depends on its feed's rows only.</summary>
public sealed class FeedLayerTests
{
    private static readonly DateTimeOffset Built = ArtifactDatabase.Built;

    private static List<PulledLayer> Pulled(IEnumerable<FeedLayer> layers) => [.. layers.Select(l => new PulledLayer(l.Feed, l.Path, l.Digest, LayerCompression.Zstd))];

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
        var written = await DatabaseAssembler.AssembleAsync(copy, Pulled(layers), Built, null, CancellationToken.None);

        // Then
        Assert.Equal(4, written);
        Assert.Equal(["debian-tracker", "endoflife", "nvd", "osv"], layers.Select(l => l.Feed).Order(StringComparer.Ordinal));
        Assert.Equal(ArtifactDatabase.Rows(db.Path), ArtifactDatabase.Rows(copy));
        using var store = SqliteAdvisoryStore.Open(copy);
        Assert.Equal(Built, store.BuiltAt);
    }

    [Fact]
    public async Task Assemble_InstalledDatabaseAndOneLayerChanged_OnlyThatFeedReplaced_SameRowsAsTheSource()
    {
        // Given: a database pulled from layers of a (CVE-2021-1), and the layers of c, where only the Debian tracker differs
        using var a = TestDatabase.Empty();
        using var c = TestDatabase.Empty();
        ArtifactDatabase.Build(a.Path, "CVE-2021-1");
        ArtifactDatabase.Build(c.Path, "CVE-2021-2");
        var first = FeedLayerExporter.Export(a.Path, Directory.CreateDirectory(Path.Combine(a.Directory, "work")).FullName, CancellationToken.None);
        var second = FeedLayerExporter.Export(c.Path, Directory.CreateDirectory(Path.Combine(c.Directory, "work")).FullName, CancellationToken.None);
        var installed = Path.Combine(a.Directory, "installed.db");
        await DatabaseAssembler.AssembleAsync(installed, Pulled(first), Built, null, CancellationToken.None);
        var state = new DbPullState(first[0].Digest, Built) { BuiltAt = Built, Layers = first.ToDictionary(l => l.Feed, l => l.Digest) };
        var next = Built.AddDays(1);

        // When
        var written = await DatabaseAssembler.AssembleAsync(installed, Pulled(second), next, state, CancellationToken.None);

        // Then: one feed written, the result has c's rows and the new build time, and no temp file is left
        Assert.Equal(1, written);
        Assert.Equal(ArtifactDatabase.Rows(c.Path).Where(r => !r.StartsWith("meta|built_at", StringComparison.Ordinal)),
            ArtifactDatabase.Rows(installed).Where(r => !r.StartsWith("meta|built_at", StringComparison.Ordinal)));
        using (var store = SqliteAdvisoryStore.Open(installed)) Assert.Equal(next, store.BuiltAt);
        Assert.Empty(Directory.GetFiles(a.Directory, "installed.db.new-*"));
    }

    [Fact]
    public async Task Assemble_InstalledDatabaseNotTheRecordedOne_AssembledInFull()
    {
        // Given: the pull state records another build than the file has (a local update after the pull)
        using var a = TestDatabase.Empty();
        ArtifactDatabase.Build(a.Path, "CVE-2021-1");
        var layers = FeedLayerExporter.Export(a.Path, Directory.CreateDirectory(Path.Combine(a.Directory, "work")).FullName, CancellationToken.None);
        var installed = Path.Combine(a.Directory, "installed.db");
        ArtifactDatabase.Build(installed, "CVE-2021-7");
        var state = new DbPullState(layers[0].Digest, Built) { BuiltAt = Built.AddDays(-3), Layers = layers.ToDictionary(l => l.Feed, l => l.Digest) };

        // When
        var written = await DatabaseAssembler.AssembleAsync(installed, Pulled(layers), Built, state, CancellationToken.None);

        // Then: every feed written, nothing of the local CVE-2021-7 left
        Assert.Equal(4, written);
        Assert.Equal(ArtifactDatabase.Rows(a.Path), ArtifactDatabase.Rows(installed));
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

    [Fact]
    public async Task Assemble_GzipLayersOfAnEarlierPush_SameRowsAsTheSource()
    {
        // Given: the layers as an earlier drydock pushed them, gzip instead of zstd
        using var db = TestDatabase.Empty();
        ArtifactDatabase.Build(db.Path, "CVE-2021-1");
        var layers = FeedLayerExporter.Export(db.Path, Directory.CreateDirectory(Path.Combine(db.Directory, "work")).FullName, CancellationToken.None);
        var gzipped = layers.Select(l => new PulledLayer(l.Feed, Regzip(l.Path), l.Digest, LayerCompression.Gzip)).ToList();
        var copy = Path.Combine(db.Directory, "assembled.db");

        // When
        var written = await DatabaseAssembler.AssembleAsync(copy, gzipped, Built, null, CancellationToken.None);

        // Then
        Assert.Equal(4, written);
        Assert.Equal(ArtifactDatabase.Rows(db.Path), ArtifactDatabase.Rows(copy));
    }

    [Fact]
    public async Task Assemble_ZstdLayerPastTheRatio_RefusedNamingTheFeed()
    {
        // Given: 4 MiB of zeros in a zstd frame of a few hundred bytes (the bound is 1 MiB or 200 times the size)
        using var db = TestDatabase.Empty();
        var bomb = Path.Combine(db.Directory, "bomb.zst");
        File.WriteAllBytes(bomb, new Compressor(19).Wrap(new byte[4 << 20]).ToArray());

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => DatabaseAssembler.AssembleAsync(Path.Combine(db.Directory, "out.db"),
            [new PulledLayer("osv", bomb, Digest.Sha256("x"u8), LayerCompression.Zstd)], Built, null, CancellationToken.None));

        // Then
        Assert.Equal("the layer of feed osv unpacks to more than 1048576 bytes; refused", e.Message);
        Assert.False(File.Exists(Path.Combine(db.Directory, "out.db")));
    }

    [Fact]
    public async Task Assemble_GzipBytesDeclaredZstd_RefusedAsNotValidZstd()
    {
        // Given: a layer whose media type says zstd but whose bytes are gzip
        using var db = TestDatabase.Empty();
        ArtifactDatabase.Build(db.Path, "CVE-2021-1");
        var layer = FeedLayerExporter.Export(db.Path, Directory.CreateDirectory(Path.Combine(db.Directory, "work")).FullName, CancellationToken.None)[0];

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => DatabaseAssembler.AssembleAsync(Path.Combine(db.Directory, "out.db"),
            [new PulledLayer(layer.Feed, Regzip(layer.Path), layer.Digest, LayerCompression.Zstd)], Built, null, CancellationToken.None));

        // Then
        Assert.StartsWith($"the layer of feed {layer.Feed} is not valid zstd (", e.Message, StringComparison.Ordinal);
    }

    // The same SQLite file, gzip-compressed, as an earlier push wrote it.
    private static string Regzip(string zstdLayer)
    {
        var target = zstdLayer + ".gz";
        using var input = new DecompressionStream(File.OpenRead(zstdLayer));
        using var output = new GZipStream(File.Create(target), CompressionLevel.SmallestSize);
        input.CopyTo(output);
        return target;
    }
}
