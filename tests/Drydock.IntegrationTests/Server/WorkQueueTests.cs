using System.Net.Http.Json;
using Npgsql;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// The work queue across processes: an API-only server queues scans, two <c>drydock server --worker</c> processes
/// share them, and one is SIGKILLed while it holds a job. The job is leased again only after its lease expired, and
/// every job is done exactly once beyond that killed lease, with one stored result per digest and database version.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WorkQueueTests(ServerFixture fixture)
{
    private const int Jobs = 6;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [ServerFact]
    public async Task Workers_OneKilledMidJob_EveryJobDoneOnceBeyondTheKilledLease()
    {
        // Given: jobs queued through an API-only server
        using var api = await ServerSession.StartAsync(fixture, "--no-worker");
        var reference = $"{fixture.Plain!.Host}/{ServerFixture.Repository}:{ServerFixture.Tag}";
        var ids = new List<long>();
        for (var i = 0; i < Jobs; i++)
        {
            var (_, body, _) = await api.SendAsync(api.Request(HttpMethod.Post, "/api/v1/scans", content: JsonContent.Create(new { reference })));
            ids.Add(body!["id"]!.GetValue<long>());
        }
        string[] workerArgs = ["--postgres", api.ConnectionString, "--worker", "--job-lease", "3s", "--db", fixture.DatabasePath, "--insecure-registry", fixture.Plain.Host];

        // When: two workers start; the victim is killed as soon as it has started a job (its layer cache is cold, so the scan is under way)
        using var victim = ServerProcess.Start(fixture.NewProcessDirectory("victim"), null, workerArgs);
        using var survivor = ServerProcess.Start(fixture.NewProcessDirectory("survivor"), null, workerArgs);
        var started = await victim.WaitForLineAsync(l => l.Contains(" attempt 1 started: ", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "a started job");
        await Task.Delay(100);
        victim.Kill();
        var killedJob = long.Parse(started.Split(" job ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var id in ids) await api.WaitDoneAsync(id);

        // Then
        Assert.DoesNotContain($"job {killedJob} done", victim.Log, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        var jobs = new List<(long Id, string State, int Attempts)>();
        await using (var cmd = new NpgsqlCommand("SELECT id, state, attempts FROM jobs ORDER BY id", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) jobs.Add((r.GetInt64(0), r.GetString(1), r.GetInt32(2)));
        Assert.Equal(ids, jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal("done", j.State));
        Assert.All(jobs, j => Assert.Equal(j.Id == killedJob ? 2 : 1, j.Attempts));
        var attempts = new List<(string Worker, DateTime Started)>();
        await using (var cmd = new NpgsqlCommand($"SELECT worker, started_at FROM job_attempts WHERE job_id = {killedJob} ORDER BY attempt", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) attempts.Add((r.GetString(0), r.GetDateTime(1)));
        Assert.Equal(2, attempts.Count);
        Assert.Contains($":{victim.Id}:", attempts[0].Worker, StringComparison.Ordinal);
        Assert.Contains($":{survivor.Id}:", attempts[1].Worker, StringComparison.Ordinal);
        Assert.True(attempts[1].Started - attempts[0].Started >= Lease - TimeSpan.FromMilliseconds(200),
            $"leased again after {(attempts[1].Started - attempts[0].Started).TotalSeconds:0.00} s, before the {Lease.TotalSeconds} s lease expired");
        Assert.Equal(1L, await ServerStartTests.Scalar<long>(conn, "SELECT count(*) FROM scan_results"));
        Assert.Equal(1L, await ServerStartTests.Scalar<long>(conn, "SELECT count(*) FROM findings"));
    }
}
