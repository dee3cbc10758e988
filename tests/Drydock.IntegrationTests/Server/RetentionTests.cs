using Drydock.Server;
using Drydock.Server.Scanning;
using Drydock.Server.Storage;
using Npgsql;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// Retention on real PostgreSQL: images re-scanned under one new database version after another, with finished jobs
/// piling up; after each round the sweeper runs, and from the third round on the tables stop growing.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RetentionTests(ServerFixture fixture)
{
    [ServerFact]
    public async Task Retention_NewDatabaseVersionsAndOldJobs_TablesStopGrowing()
    {
        // Given
        var dsn = await fixture.NewDatabaseAsync();
        await using var database = await ServerDatabase.OpenAsync(dsn, CancellationToken.None);
        var results = new ResultStore(database.Source);
        var sweeper = new RetentionSweeper(database.Source, new RetentionSettings { DatabaseVersions = 2, Days = 1 });
        var sizes = new List<long[]>();

        // When: six database versions, three images each, and ten finished jobs per round that are two days old
        for (var version = 1; version <= 6; version++)
        {
            for (var image = 1; image <= 3; image++) await results.SaveAsync(Outcome(image, $"v{version}"), CancellationToken.None);
            await Execute(database.Source, """
                INSERT INTO jobs (kind, reference, state, attempts, created_at, finished_at, result_digest, db_version)
                SELECT 'scan', 'r/x:1', 'done', 1, now() - interval '3 days', now() - interval '2 days', 'sha256:x', 'v' FROM generate_series(1, 10)
                """);
            await sweeper.SweepAsync(CancellationToken.None);
            sizes.Add([await Count(database.Source, "scan_results"), await Count(database.Source, "findings"), await Count(database.Source, "control_verdicts"),
                await Count(database.Source, "jobs"), await Count(database.Source, "images")]);
        }

        // Then: two versions × three images kept, no old job, and no growth after the second round
        Assert.Equal([6L, 12L, 6L, 0L, 3L], sizes[^1]);
        for (var round = 2; round < sizes.Count; round++) Assert.Equal(sizes[1], sizes[round]);
        var kept = new List<string>();
        await using (var cmd = database.Source.CreateCommand("SELECT DISTINCT db_version FROM scan_results ORDER BY 1"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) kept.Add(r.GetString(0));
        Assert.Equal(["v5", "v6"], kept);
    }

    [ServerFact]
    public async Task Retention_DailyAuditsRunsAndResults_HistoryAndResultsStopGrowing()
    {
        // Given: retention of two days and two database versions
        var dsn = await fixture.NewDatabaseAsync();
        await using var database = await ServerDatabase.OpenAsync(dsn, CancellationToken.None);
        var results = new ResultStore(database.Source);
        var history = new HistoryStore(database.Source);
        var sweeper = new RetentionSweeper(database.Source, new RetentionSettings { DatabaseVersions = 2, Days = 2 });
        string[] tables = ["freshness_history", "update_history", "scan_results", "findings", "control_verdicts"];
        var sizes = new List<long[]>();

        // When: eight days; each day every row already stored ages by a day, then the day's audit (three containers),
        // update run (two outcomes) and scans under that day's database version arrive through the server's stores
        for (var day = 1; day <= 8; day++)
        {
            await Execute(database.Source, """
                UPDATE freshness_history SET observed_at = observed_at - interval '1 day';
                UPDATE update_history SET recorded_at = recorded_at - interval '1 day', run_started_at = run_started_at - interval '1 day';
                UPDATE scan_results SET scanned_at = scanned_at - interval '1 day';
                """);
            using (var audit = System.Text.Json.JsonDocument.Parse($$"""
                {"containers": [{"host": "edge-1", "name": "web", "image": "r/web:1", "stale": true, "ageDays": {{day}}},
                                {"host": "edge-1", "name": "db", "image": "r/db:1", "stale": false},
                                {"host": "edge-2", "name": "web", "image": "r/web:1"}]}
                """))
                await history.RecordFreshnessAsync(audit.RootElement, CancellationToken.None);
            using (var run = System.Text.Json.JsonDocument.Parse("""
                {"startedAt": "2026-12-01T00:00:00Z", "hosts": [{"host": "edge-1", "containers": [
                    {"name": "web", "outcome": "updated", "from": "r/web:1", "to": "r/web:2"}, {"name": "db", "outcome": "rolledback", "message": "unhealthy"}]}]}
                """))
                await history.RecordRunAsync(run.RootElement, CancellationToken.None);
            for (var image = 1; image <= 3; image++) await results.SaveAsync(Outcome(image, $"v{day}"), CancellationToken.None);
            await sweeper.SweepAsync(CancellationToken.None);
            var counts = new long[tables.Length];
            for (var t = 0; t < tables.Length; t++) counts[t] = await Count(database.Source, tables[t]);
            sizes.Add(counts);
        }

        // Then: two days of history (3 + 2 rows a day) and two versions × three images of results, unchanged from day 2 on
        Assert.Equal([6L, 4L, 6L, 12L, 6L], sizes[^1]);
        for (var day = 2; day < sizes.Count; day++) Assert.Equal(sizes[1], sizes[day]);
    }

    private static ScanOutcome Outcome(int image, string version) => new()
    {
        Digest = "sha256:" + image.ToString("x64", System.Globalization.CultureInfo.InvariantCulture),
        Repository = "registry.test/app" + image,
        DatabaseVersion = version,
        Packages = [new StoredPackage("deb", "dpkg", "1.21", "pkg:deb/debian/dpkg@1.21")],
        Findings =
        [
            new StoredFinding("CVE-2099-0001", "dpkg", "1.21", "99.0", "HIGH", "fixed", "pkg:deb/debian/dpkg@1.21", null, []),
            new StoredFinding("CVE-2099-0002", "dpkg", "1.21", null, "LOW", "affected", "pkg:deb/debian/dpkg@1.21", "d", ["https://example.test/2"]),
        ],
        Verdicts = [new StoredVerdict("CIS-4.1", "fail", "runs as root")],
        Reports = ReportFormats.All.ToDictionary(f => f, f => "{}"u8.ToArray()),
    };

    private static async Task Execute(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> Count(NpgsqlDataSource source, string table)
    {
        await using var cmd = source.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
