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
