using Drydock.Cli;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.IntegrationTests.Vulnerabilities;

/// <summary><c>drydock db update</c> against a real HTTP server on 127.0.0.1 serving the Alpine secdb and Debian tracker layouts.</summary>
[Trait("Category", "Integration")]
public sealed class DbUpdateTests : IDisposable
{
    private readonly FeedServer _server = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-dbupdate-").FullName;

    public DbUpdateTests()
    {
        _server.Serve("alpine/v3.11/main.json", File.ReadAllBytes(SharedTestData.Path("alpine-secdb/v3.11/main.json")));
        _server.Serve("alpine/v3.11/community.json", File.ReadAllBytes(SharedTestData.Path("alpine-secdb/v3.11/community.json")));
        _server.Serve("debian/tracker.json", File.ReadAllBytes(SharedTestData.Path("vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json")));
    }

    private string Db => Path.Combine(_dir, "vuln.db");

    private async Task<(int Code, string Err)> UpdateAsync(int retries = 3)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await DrydockCli.RunAsync(
        [
            "db", "update", "--db", Db, "--only", "alpine-secdb", "--only", "debian-tracker", "--retries", retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--feed", "alpine-secdb=" + _server.BaseUrl + "alpine/", "--feed", "debian-tracker=" + _server.BaseUrl + "debian/tracker.json",
        ], stdout, stderr);
        return (code, stderr.ToString());
    }

    private int Rows(string ns, string package)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var store = SqliteAdvisoryStore.Open(Db);
        return store.GetAffected(ns, package).Count;
    }

    [SharedDataFact]
    public async Task Update_TwiceAgainstServer_FirstDownloadsSecondIsConditional()
    {
        // When
        var first = await UpdateAsync();
        var written = File.GetLastWriteTimeUtc(Db);
        var second = await UpdateAsync();

        // Then
        Assert.Equal(0, first.Code);
        Assert.True(Rows("alpine:3.11", "openssl") > 0);
        Assert.True(Rows("debian:12", "sope") > 0);
        Assert.Equal(0, second.Code);
        Assert.Contains("up to date", second.Err, StringComparison.Ordinal);
        Assert.Contains(("debian/tracker.json", 304), _server.Log);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Db));
    }

    [SharedDataFact]
    public async Task Update_ServerErrorThenSuccess_Retried()
    {
        // Given
        _server.Failures["debian/tracker.json"] = 1;

        // When
        var (code, err) = await UpdateAsync();

        // Then
        Assert.Equal(0, code);
        Assert.Contains("retrying", err, StringComparison.Ordinal);
        Assert.Equal([500, 200], _server.Log.Where(l => l.Path == "debian/tracker.json").Select(l => l.Status));
    }

    [SharedDataFact]
    public async Task Update_TruncatedDownload_FeedKeepsItsRowsExit4()
    {
        // Given: a good database, then the tracker changes upstream and its download breaks off
        Assert.Equal(0, (await UpdateAsync()).Code);
        var alpineRows = Rows("alpine:3.11", "openssl");
        _server.Serve("debian/tracker.json", "{\"sope\":{}}"u8.ToArray());
        _server.Truncated.Add("debian/tracker.json");

        // When
        var (code, err) = await UpdateAsync(retries: 1);

        // Then: the tracker is stale with its previous rows, Alpine is untouched
        Assert.Equal(ExitCodes.PartialUpdate, code);
        Assert.Contains("debian-tracker: feed debian-tracker: download of", err.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.True(Rows("debian:12", "sope") > 0);
        Assert.Equal(alpineRows, Rows("alpine:3.11", "openssl"));
    }

    [SharedDataFact]
    public async Task Update_CancelledMidDownload_OldDatabaseIntactNoTempFiles()
    {
        // Given
        Assert.Equal(0, (await UpdateAsync()).Code);
        var before = await File.ReadAllBytesAsync(Db);
        _server.Serve("debian/tracker.json", File.ReadAllBytes(SharedTestData.Path("vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json")).Concat(" "u8.ToArray()).ToArray());
        _server.Stalled.Add("debian/tracker.json");
        using var http = new HttpClient();
        var updater = new DatabaseUpdater(new FeedDownloader(http, NullProgressSink.Instance, 1), TimeProvider.System, NullProgressSink.Instance);
        var feeds = FeedRegistry.All(TimeProvider.System).Where(f => f.Name is "alpine-secdb" or "debian-tracker").ToList();
        var overrides = new Dictionary<string, string>
        {
            ["alpine-secdb"] = _server.BaseUrl + "alpine/",
            ["debian-tracker"] = _server.BaseUrl + "debian/tracker.json",
        };
        using var cts = new CancellationTokenSource();

        // When: the update is killed while the download is in flight
        var update = updater.UpdateAsync(Db, feeds, overrides, cts.Token);
        await _server.StallReached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();

        // Then
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => update);
        Assert.Equal(before, await File.ReadAllBytesAsync(Db));
        Assert.Empty(Directory.GetFiles(_dir, "*.new-*"));
        Assert.Empty(Directory.GetFiles(_dir, "*.part-*", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        _server.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
