using Drydock.Cli;

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
