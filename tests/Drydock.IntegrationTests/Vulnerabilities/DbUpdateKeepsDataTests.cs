using System.Text;
using Drydock.Cli;
using Drydock.Inventory;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.IntegrationTests.Vulnerabilities;

/// <summary>
/// <c>drydock db update</c> keeps what the database has (issue 11 §7): feeds left out by <c>--only</c>, and a feed whose
/// server answers 500 or serves a file that does not parse, keep their rows; the failure is recorded and shown by
/// <c>db status</c>; end-of-life dates come from the <c>endoflife</c> feed. Feeds are served by a real HTTP server on 127.0.0.1.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DbUpdateKeepsDataTests : IDisposable
{
    private readonly FeedServer _server = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-dbkeep-").FullName;

    public DbUpdateKeepsDataTests()
    {
        ServeAlpine("CVE-2020-0001");
        ServeDebian("CVE-2021-0001");
        _server.Serve("eol/debian.json", Encoding.UTF8.GetBytes("""
            [{"cycle": "12", "releaseDate": "2023-06-10", "eol": "2026-06-10", "extendedSupport": "2028-06-30", "latest": "12.12"},
             {"cycle": "11", "releaseDate": "2021-08-14", "eol": "2024-08-14", "extendedSupport": "2026-08-31", "latest": "11.11"}]
            """));
        _server.Serve("eol/fedora.json", Encoding.UTF8.GetBytes("""[{"cycle": "44", "releaseDate": "2026-04-14", "eol": true, "latest": "44"}]"""));
    }

    private string Db => Path.Combine(_dir, "vuln.db");

    private void ServeAlpine(string cve) => _server.Serve("alpine/v3.11/main.json", Encoding.UTF8.GetBytes(
        "{\"distroversion\": \"v3.11\", \"reponame\": \"main\", \"packages\": [{\"pkg\": {\"name\": \"openssl\", \"secfixes\": {\"1.1.1d-r2\": [\"CVE\"]}}}]}".Replace("CVE", cve, StringComparison.Ordinal)));

    private void ServeDebian(string cve) => _server.Serve("debian/tracker.json", Encoding.UTF8.GetBytes(
        "{\"sope\": {\"CVE\": {\"description\": \"d\", \"releases\": {\"bookworm\": {\"status\": \"resolved\", \"fixed_version\": \"5.8-1\", \"urgency\": \"medium\"}}}}}".Replace("CVE", cve, StringComparison.Ordinal)));

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await DrydockCli.RunAsync(args, stdout, stderr);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (code, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Code, string Out, string Err)> UpdateAsync(params string[] only) =>
        RunAsync([
            "db", "update", "--db", Db, "--retries", "1",
            "--feed", "alpine-secdb=" + _server.BaseUrl + "alpine/", "--feed", "debian-tracker=" + _server.BaseUrl + "debian/tracker.json",
            "--feed", "endoflife=" + _server.BaseUrl + "eol/",
            .. only.SelectMany(o => new[] { "--only", o }),
        ]);

    private Task<(int Code, string Out, string Err)> UpdateAllAsync() => UpdateAsync("alpine-secdb", "debian-tracker", "endoflife");

    private List<string> Ids(string ns, string package)
    {
        using var store = SqliteAdvisoryStore.Open(Db);
        return [.. store.GetAffected(ns, package).Select(a => a.VulnerabilityId)];
    }

    [Fact]
    public async Task Update_OnlyOneFeed_OtherFeedsKeptAsTheyWere()
    {
        // Given: a database of three feeds, then both advisory feeds change upstream
        Assert.Equal(0, (await UpdateAllAsync()).Code);
        ServeAlpine("CVE-2020-0002");
        ServeDebian("CVE-2021-0002");

        // When: only the Debian tracker is updated
        var (code, _, err) = await UpdateAsync("debian-tracker");

        // Then: Debian has its new row, Alpine and the end-of-life dates are still those of the first update
        Assert.True(code == 0, err);
        Assert.Equal(["CVE-2021-0002"], Ids("debian:12", "sope"));
        Assert.Equal(["CVE-2020-0001"], Ids("alpine:3.11", "openssl"));
        using var store = SqliteAdvisoryStore.Open(Db);
        Assert.Equal(["alpine-secdb", "debian-tracker", "endoflife"], store.Feeds().Select(f => f.Name));
        Assert.Equal(new DateOnly(2028, 6, 30), store.FindLifecycle("debian:12")?.EndOfLife);
    }

    [Fact]
    public async Task Update_OneFeedChanged_FeedsThatAnswered304AreCopiedNotReparsed()
    {
        // Given: a database of three feeds; then the cached Alpine file is altered on disk while the server still
        // answers 304 for it, and only the Debian tracker changes upstream
        Assert.Equal(0, (await UpdateAllAsync()).Code);
        var cached = Path.Combine(DatabaseLocation.FeedCache(Db), "alpine-secdb", "v3.11", "main.json");
        await File.WriteAllTextAsync(cached, (await File.ReadAllTextAsync(cached)).Replace("CVE-2020-0001", "CVE-2099-0001", StringComparison.Ordinal));
        ServeDebian("CVE-2021-0002");

        // When
        var (code, _, err) = await UpdateAllAsync();

        // Then: Alpine's rows are the database's own (a re-parse of the cache would give CVE-2099-0001), Debian's are new,
        // and the clustered affected table is sound
        Assert.True(code == 0, err);
        Assert.Equal(["CVE-2020-0001"], Ids("alpine:3.11", "openssl"));
        Assert.Equal(["CVE-2021-0002"], Ids("debian:12", "sope"));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Db + ";Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    [Fact]
    public async Task Update_FeedAnswers500_KeepsOldRowsOthersUpdatedStatusSaysStaleExit4()
    {
        // Given
        Assert.Equal(0, (await UpdateAllAsync()).Code);
        ServeAlpine("CVE-2020-0002");
        ServeDebian("CVE-2021-0002");
        _server.Failures["debian/tracker.json"] = 100;

        // When
        var (code, _, err) = await UpdateAllAsync();
        var status = await RunAsync("db", "status", "--db", Db);

        // Then: exit 4, the tracker keeps its old row, Alpine moved on, and status names the stale feed and why
        Assert.Equal(ExitCodes.PartialUpdate, code);
        Assert.Contains("feed debian-tracker is not updated, it keeps its previous data", err, StringComparison.Ordinal);
        Assert.Contains("1 feed(s) kept their previous data (stale): debian-tracker: ", err, StringComparison.Ordinal);
        Assert.Equal(["CVE-2021-0001"], Ids("debian:12", "sope"));
        Assert.Equal(["CVE-2020-0002"], Ids("alpine:3.11", "openssl"));
        Assert.Equal(ExitCodes.PartialUpdate, status.Code); // stale: exit 4, as db update's
        Assert.Contains("stale:     feed(s) whose last update failed: debian-tracker", status.Out, StringComparison.Ordinal);
        var line = status.Out.Split('\n').Single(l => l.StartsWith("feed:      debian-tracker", StringComparison.Ordinal));
        Assert.Contains("STALE (update at ", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", line, StringComparison.Ordinal);
        Assert.Matches(@"feed:\s+alpine-secdb\s+\d+ records\s+\S+ \S+\s+ok", status.Out);
    }

    [Fact]
    public async Task Update_StaleFeedRecovers_StatusOkAgain()
    {
        // Given: a stale tracker
        Assert.Equal(0, (await UpdateAllAsync()).Code);
        _server.Failures["debian/tracker.json"] = 100;
        Assert.Equal(ExitCodes.PartialUpdate, (await UpdateAllAsync()).Code);
        _server.Failures.Clear();

        // When: the server answers again, unchanged (a 304 must not leave it stale)
        var (code, _, err) = await UpdateAllAsync();
        var status = await RunAsync("db", "status", "--db", Db);

        // Then
        Assert.True(code == 0, err);
        Assert.Matches(@"feed:\s+debian-tracker\s+\d+ records\s+\S+ \S+\s+ok", status.Out);
    }

    [Fact]
    public async Task Update_FeedFileDoesNotParse_KeepsOldRowsStaleExit4()
    {
        // Given
        Assert.Equal(0, (await UpdateAllAsync()).Code);
        _server.Serve("debian/tracker.json", "{\"sope\": {\"CVE-2021-0002\": "u8.ToArray());
        ServeAlpine("CVE-2020-0002");

        // When
        var (code, _, err) = await UpdateAllAsync();
        var status = await RunAsync("db", "status", "--db", Db);

        // Then
        Assert.Equal(ExitCodes.PartialUpdate, code);
        Assert.Contains("debian-tracker: feed debian-tracker: its files could not be read", err, StringComparison.Ordinal);
        Assert.Equal(["CVE-2021-0001"], Ids("debian:12", "sope"));
        Assert.Equal(["CVE-2020-0002"], Ids("alpine:3.11", "openssl"));
        Assert.Equal(ExitCodes.PartialUpdate, status.Code);
        Assert.Contains("could not be read", status.Out.Split('\n').Single(l => l.StartsWith("feed:", StringComparison.Ordinal) && l.Contains("debian-tracker", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "feeds", "debian-tracker"), "*.validators"));
    }

    [Fact]
    public async Task Update_EveryFeedFailsWithoutDatabase_Exit3NothingWritten()
    {
        // Given
        _server.Failures["debian/tracker.json"] = 100;

        // When
        var (code, _, err) = await UpdateAsync("debian-tracker");

        // Then
        Assert.Equal(ExitCodes.RuntimeError, code);
        Assert.Contains("no feed could be updated", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Update_EndOfLifeFeed_OverridesBuiltInTable()
    {
        // Given: the feed says Debian 11's LTS ended 2026-08-31 (as the table) and Fedora 44 is over (eol: true, no date)
        var fedora44 = new OsInfo { Family = "fedora", Version = "44" };
        var debian12 = new OsInfo { Family = "debian", Version = "12.4" };
        var mid2029 = new At(new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _server.Serve("eol/debian.json", Encoding.UTF8.GetBytes("""[{"cycle": "12", "eol": "2026-06-10", "extendedSupport": "2030-12-31"}]"""));

        // When
        var (code, _, err) = await UpdateAsync("endoflife");
        var status = await RunAsync("db", "status", "--db", Db);

        // Then: the feed's dates win over the built-in ones; without a database the built-in table answers
        Assert.True(code == 0, err);
        using var store = SqliteAdvisoryStore.Open(Db);
        Assert.False(OsLifecycle.IsEndOfLife(debian12, mid2029, store));
        Assert.True(OsLifecycle.IsEndOfLife(debian12, mid2029));
        Assert.True(OsLifecycle.IsEndOfLife(fedora44, TimeProvider.System, store));
        Assert.Null(OsLifecycle.Find(fedora44));
        Assert.Contains("eol:       2 releases with end-of-life dates", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ListsNamespacesWithRowCounts()
    {
        // Given
        Assert.Equal(0, (await UpdateAllAsync()).Code);

        // When
        var (code, stdout, _) = await RunAsync("db", "status", "--db", Db);

        // Then
        Assert.Equal(0, code);
        Assert.Matches(@"data:\s+alpine:3\.11\s+1 rows", stdout);
        Assert.Matches(@"data:\s+debian:12\s+1 rows", stdout);
    }

    [Fact]
    public async Task Status_NoDbOption_DatabaseUnderDrydockCacheDir()
    {
        // Given: a database written where DRYDOCK_CACHE_DIR says the cache is
        Assert.Equal(0, (await UpdateAsync("debian-tracker")).Code);
        var env = new Dictionary<string, string> { ["DRYDOCK_CACHE_DIR"] = _dir, ["DRYDOCK_DB"] = "", ["XDG_CACHE_HOME"] = Path.Combine(_dir, "elsewhere") };

        // When: a real drydock process is asked without --db
        var result = await Hosts.DrydockProcess.RunAsync(env, "db", "status");

        // Then
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"database:  {Db}\n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public void Dispose()
    {
        _server.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
