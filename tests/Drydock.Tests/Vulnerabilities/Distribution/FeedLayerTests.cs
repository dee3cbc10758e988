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

    private static List<PulledLayer> Pulled(IEnumerable<FeedLayer> layers) =>
        [.. layers.Select(l => new PulledLayer(l.Feed, l.Path, l.Digest, LayerCompression.Zstd) { Columns = DbArtifact.IsColumnsLayer(l.MediaType) })];

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
        var layers = FeedLayerExporter.Export(db.Path, Directory.CreateDirectory(Path.Combine(db.Directory, "work")).FullName, columns: false, CancellationToken.None);
        var gzipped = layers.Select(l => new PulledLayer(l.Feed, Regzip(l.Path), l.Digest, LayerCompression.Gzip)).ToList();
        var copy = Path.Combine(db.Directory, "assembled.db");

        // When
        var written = await DatabaseAssembler.AssembleAsync(copy, gzipped, Built, null, CancellationToken.None);

        // Then
        Assert.Equal(4, written);
        Assert.Equal(ArtifactDatabase.Rows(db.Path), ArtifactDatabase.Rows(copy));
    }

    [Fact]
    public async Task Assemble_OwnedSqliteLayersOfThePreviousPush_SameRowsAsTheColumnsLayers()
    {
        // Given: the same database exported as the previous version pushed it (owned details, SQLite files) and as columns
        using var db = TestDatabase.Empty();
        ArtifactDatabase.BuildShared(db.Path, "backdoor in liblzma");
        var sqlite = FeedLayerExporter.Export(db.Path, Directory.CreateDirectory(Path.Combine(db.Directory, "sqlite")).FullName, columns: false, CancellationToken.None);
        var columns = FeedLayerExporter.Export(db.Path, Directory.CreateDirectory(Path.Combine(db.Directory, "columns")).FullName, CancellationToken.None);
        var fromSqlite = Path.Combine(db.Directory, "from-sqlite.db");
        var fromColumns = Path.Combine(db.Directory, "from-columns.db");

        // When
        await DatabaseAssembler.AssembleAsync(fromSqlite, Pulled(sqlite), Built, null, CancellationToken.None);
        await DatabaseAssembler.AssembleAsync(fromColumns, Pulled(columns), Built, null, CancellationToken.None);

        // Then
        Assert.All(sqlite, l => Assert.Equal(DbArtifact.FeedLayerMediaType, l.MediaType));
        Assert.All(columns, l => Assert.Equal(DbArtifact.ColumnsLayerMediaType, l.MediaType));
        Assert.Equal(ArtifactDatabase.Rows(db.Path), ArtifactDatabase.Rows(fromSqlite));
        Assert.Equal(ArtifactDatabase.Rows(db.Path), ArtifactDatabase.Rows(fromColumns));
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
        var layer = FeedLayerExporter.Export(db.Path, Directory.CreateDirectory(Path.Combine(db.Directory, "work")).FullName, columns: false, CancellationToken.None)[0];

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => DatabaseAssembler.AssembleAsync(Path.Combine(db.Directory, "out.db"),
            [new PulledLayer(layer.Feed, Regzip(layer.Path), layer.Digest, LayerCompression.Zstd)], Built, null, CancellationToken.None));

        // Then
        Assert.StartsWith($"the layer of feed {layer.Feed} is not valid zstd (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_IdNamedByThreeFeeds_ItsDetailsInTheOwnersLayerOnly_AssembledSameRows()
    {
        // Given: a CVE that NVD rates and the Debian tracker and OSV name too
        using var db = TestDatabase.Empty();
        ArtifactDatabase.BuildShared(db.Path, "backdoor in liblzma");
        var copy = Path.Combine(db.Directory, "assembled.db");

        // When
        var layers = FeedLayerExporter.Export(db.Path, Directory.CreateDirectory(Path.Combine(db.Directory, "work")).FullName, CancellationToken.None);
        await DatabaseAssembler.AssembleAsync(copy, Pulled(layers), Built, null, CancellationToken.None);

        // Then: its description, references, alias and rating travel once, in NVD's layer (NVD owns what it rated); the
        // Debian-only CVE's details in the Debian tracker's; the rows each feed names stay in its own layer; same rows back
        var details = layers.ToDictionary(l => l.Feed, l => LayerRows(l.Path, "SELECT id FROM vulnerability UNION ALL SELECT vuln_id FROM reference UNION ALL SELECT vuln_id FROM alias"));
        Assert.Equal(5, details["nvd"].Count(id => id == ArtifactDatabase.SharedCve)); // 1 vulnerability row, 3 references, 1 alias
        Assert.Equal(["CVE-2024-47611"], details["debian-tracker"]);
        Assert.Empty(details["osv"]);
        Assert.Equal(["CVE-2024-3094", "CVE-2024-47611"], LayerRows(layers.Single(l => l.Feed == "debian-tracker").Path, "SELECT vuln_id FROM affected ORDER BY 1"));
        Assert.Equal(ArtifactDatabase.Rows(db.Path), ArtifactDatabase.Rows(copy));
    }

    [Fact]
    public async Task Assemble_InstalledAndNvdDescriptionChanged_OnlyNvdLayerReplaced_NewDescriptionInstalled()
    {
        // Given: a database pulled from the layers of one, then the layers of one where only NVD's description of the shared CVE differs
        // When
        var (changed, written, expected, installed) = await InstallThenEditAsync(
            p => ArtifactDatabase.BuildShared(p, "backdoor in liblzma"), p => ArtifactDatabase.BuildShared(p, "malicious code in the xz tarballs"));

        // Then: only NVD's layer differs and is written; the installed file has the new rows, the new description included
        // (the Debian tracker and OSV still name the CVE: without the owner's details taken out first, the old text would stay)
        Assert.Equal(["nvd"], changed);
        Assert.Equal(1, written);
        Assert.Equal(expected, installed);
    }

    [Fact]
    public async Task Assemble_InstalledAndDebianFixChanged_OnlyDebianLayerReplaced_SharedDetailsKept()
    {
        // Given: the Debian tracker's fixed version of the shared CVE changes; NVD's details of it do not
        // When
        var (changed, written, expected, installed) = await InstallThenEditAsync(
            p => ArtifactDatabase.BuildShared(p, "backdoor in liblzma"), p => ArtifactDatabase.BuildShared(p, "backdoor in liblzma", debianFixed: "5.6.1+really5.4.5-1"));

        // Then
        Assert.Equal(["debian-tracker"], changed);
        Assert.Equal(1, written);
        Assert.Equal(expected, installed);
    }

    // Installs the layers of the database `before` builds, then assembles over it (the installed one recorded in the pull
    // state) the layers of the one `after` builds: the feeds whose layer changed, how many were written, and both row dumps.
    private static async Task<(List<string> Changed, int Written, List<string> Expected, List<string> Installed)> InstallThenEditAsync(Action<string> before, Action<string> after)
    {
        using var a = TestDatabase.Empty();
        using var c = TestDatabase.Empty();
        before(a.Path);
        after(c.Path);
        var first = FeedLayerExporter.Export(a.Path, Directory.CreateDirectory(Path.Combine(a.Directory, "work")).FullName, CancellationToken.None);
        var second = FeedLayerExporter.Export(c.Path, Directory.CreateDirectory(Path.Combine(c.Directory, "work")).FullName, CancellationToken.None);
        var installed = Path.Combine(a.Directory, "installed.db");
        await DatabaseAssembler.AssembleAsync(installed, Pulled(first), Built, null, CancellationToken.None);
        var state = new DbPullState(first[0].Digest, Built) { BuiltAt = Built, Layers = first.ToDictionary(l => l.Feed, l => l.Digest) };
        var written = await DatabaseAssembler.AssembleAsync(installed, Pulled(second), Built, state, CancellationToken.None);
        var changed = second.Where(l => first.Single(f => f.Feed == l.Feed).Digest != l.Digest).Select(l => l.Feed).ToList();
        return (changed, written, ArtifactDatabase.Rows(c.Path), ArtifactDatabase.Rows(installed));
    }

    // One column of a query over a columns layer's rows (read into a SQLite file beside it).
    private static List<string> LayerRows(string layer, string sql)
    {
        var file = layer + ".sqlite";
        if (!File.Exists(file)) ColumnLayerReader.Read(layer, file, "test", 1L << 30, CancellationToken.None);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
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
