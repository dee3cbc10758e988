using Drydock.Cli;
using Drydock.Images;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.Tests.Vulnerabilities.Database;

public sealed class DbCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await DrydockCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Status_MissingDatabase_Exit3OneLine()
    {
        // Given
        using var db = TestDatabase.Empty();

        // When
        var (code, _, err) = await RunAsync("db", "status", "--db", db.Path);

        // Then
        Assert.Equal(3, code);
        Assert.Equal($"drydock: no vulnerability database at {db.Path}; run 'drydock db update' or 'drydock db import'\n", err.ReplaceLineEndings("\n"));
    }

    [SharedDataFact]
    public async Task ImportExportStatus_FeedBundle_RoundTrips()
    {
        // Given: a bundle directory with the Debian tracker fixture in its feed folder
        using var db = TestDatabase.Empty();
        var bundle = Path.Combine(db.Directory, "bundle");
        Directory.CreateDirectory(Path.Combine(bundle, "debian-tracker"));
        File.Copy(SharedTestData.Path("vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json"), Path.Combine(bundle, "debian-tracker", "tracker.json"));
        var exported = Path.Combine(db.Directory, "export.tar.gz");
        var second = Path.Combine(db.Directory, "second.db");

        // When
        var import = await RunAsync("db", "import", bundle, "--db", db.Path);
        var export = await RunAsync("db", "export", exported, "--db", db.Path);
        var reimport = await RunAsync("db", "import", exported, "--db", second);
        var status = await RunAsync("db", "status", "--db", second);

        // Then
        Assert.Equal((0, 0, 0, 0), (import.Code, export.Code, reimport.Code, status.Code));
        Assert.Contains("schema:    2", status.Out, StringComparison.Ordinal);
        Assert.Matches(@"feed:\s+debian-tracker\s+7 records", status.Out);
    }

    [Fact]
    public async Task ImportStatus_FeedWithASkippedRecord_WarnsAndStatusSaysPartial()
    {
        // Given: a Debian tracker whose second CVE is nested past the bound, between two good ones
        using var db = TestDatabase.Empty();
        var bundle = Path.Combine(db.Directory, "bundle");
        Directory.CreateDirectory(Path.Combine(bundle, "debian-tracker"));
        await File.WriteAllTextAsync(Path.Combine(bundle, "debian-tracker", "tracker.json"),
            "{\"sope\":{\"CVE-2024-1\":{},\"CVE-2024-2\":" + new string('[', 100) + new string(']', 100) + ",\"CVE-2024-3\":{}}}");

        // When
        var import = await RunAsync("db", "import", bundle, "--db", db.Path);
        var status = await RunAsync("db", "status", "--db", db.Path);

        // Then: the two good records are kept, the warning names feed, file and record, and status says partial
        Assert.Equal((0, 0), (import.Code, status.Code));
        Assert.Contains("debian-tracker: tracker.json: CVE-2024-2: nesting deeper than 64; record skipped", import.Err, StringComparison.Ordinal);
        Assert.Matches(@"feed:\s+debian-tracker\s+2 records\s+\S+ \S+\s+PARTIAL \(1 record\(s\) skipped, the first: tracker.json: CVE-2024-2: ", status.Out);
    }

    [Fact]
    public async Task Status_PulledDatabaseOlderThanMaxAge_SourceDigestsAndExit4()
    {
        // Given: a database built 2026-01-02 (TestDatabase), recorded as pulled from a registry, its feed's layer known
        using var db = TestDatabase.From();
        var manifest = Digest.Sha256("manifest"u8);
        var layer = Digest.Sha256("layer"u8);
        var built = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await new DbPullState(manifest, built.AddHours(1)) { Source = "registry.test/team/db:2", BuiltAt = built, Layers = new Dictionary<string, Digest> { ["test"] = layer } }
            .WriteAsync(db.Path, CancellationToken.None);

        // When
        var stale = await RunAsync("db", "status", "--db", db.Path);
        var lenient = await RunAsync("db", "status", "--db", db.Path, "--db-max-age", "100000d");

        // Then: the reference and digests are printed; over the default 24 h it is stale (exit 4), under a long limit it is not
        Assert.Equal(4, stale.Code);
        Assert.Contains($"pulled:    registry.test/team/db:2@{manifest}", stale.Out, StringComparison.Ordinal);
        Assert.Contains("checked:   2026-01-02 04:04:05Z", stale.Out, StringComparison.Ordinal);
        Assert.Matches(@"feed:\s+test\s+0 records\s+-\s+ok\s+\(imported\)  layer " + layer, stale.Out);
        Assert.Matches(@"stale:     \d+d \d+h old, over --db-max-age 24h\n", stale.Out.ReplaceLineEndings("\n"));
        Assert.Equal(0, lenient.Code);
        Assert.DoesNotContain("stale:", lenient.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_BadMaxAge_UsageError()
    {
        // Given
        using var db = TestDatabase.From();

        // When
        var (code, _, err) = await RunAsync("db", "status", "--db", db.Path, "--db-max-age", "soon");

        // Then
        Assert.Equal(2, code);
        Assert.Contains("--db-max-age", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_BadFeedOverride_UsageError()
    {
        // Given
        using var db = TestDatabase.Empty();

        // When
        var (code, _, err) = await RunAsync("db", "update", "--db", db.Path, "--feed", "nosuchfeed=http://127.0.0.1:1/");

        // Then
        Assert.Equal(2, code);
        Assert.Contains("unknown feed 'nosuchfeed'", err, StringComparison.Ordinal);
    }
}
