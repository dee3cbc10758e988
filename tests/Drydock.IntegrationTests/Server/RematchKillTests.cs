using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Server.Rematch;
using Drydock.Server.Scanning;
using Drydock.Server.Storage;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Npgsql;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// Issue 16 leftover: a re-match run shared by two <c>drydock server --worker</c> processes on real PostgreSQL, one
/// SIGKILLed while it holds a batch. The other worker takes the batch over once its lease expired and finishes the
/// run: every stored digest gets exactly one result for the new database version, every new (digest, vulnerability)
/// one notification, and the subscriber receives each exactly once.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RematchKillTests(ServerFixture fixture)
{
    private const int Images = 1200;
    private static readonly DateTimeOffset Built1 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Built2 = Built1.AddDays(1);

    [ServerFact]
    public async Task RematchWorkers_OneKilledMidBatch_EveryDigestRematchedAndNotifiedOnce()
    {
        // Given: stored inventories with their findings under database v1, and a v2 that adds an advisory to every
        // tenth package and rewords every advisory of v1 (so every package is matched again and batches take a while)
        var dsn = await fixture.NewDatabaseAsync();
        var dir = fixture.NewProcessDirectory("rematch-kill");
        var db = Path.Combine(dir, "vuln.db");
        var (v1, v2) = (Advisories("old", 0, 3), Advisories("new", 0, 10));
        Write(db, v1, Built1);
        var inventories = Enumerable.Range(0, Images).Select(Inventory).ToList();
        var expected = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var database = await ServerDatabase.OpenAsync(dsn, CancellationToken.None))
        {
            var next = Path.Combine(dir, "v2-for-expectations.db");
            Write(next, [.. v1.Select(Reworded), .. v2], Built2);
            using var oldStore = SqliteAdvisoryStore.Open(db);
            using var newStore = SqliteAdvisoryStore.Open(next);
            var before = new BatchMatcher(oldStore, TimeProvider.System);
            var after = new BatchMatcher(newStore, TimeProvider.System);
            var outcomes = inventories.Select((inventory, i) => Outcome(i, inventory, before.Match(inventory))).ToList();
            for (var i = 0; i < Images; i++)
                expected[outcomes[i].Digest] = after.Match(inventories[i]).Select(f => f.VulnerabilityId).Except(outcomes[i].Findings.Select(f => f.VulnerabilityId)).ToHashSet(StringComparer.Ordinal);
            foreach (var chunk in outcomes.Chunk(400)) await new ResultStore(database.Source).SaveAllAsync(chunk, CancellationToken.None);
        }
        Assert.True(expected.Values.Sum(v => v.Count) > Images, "the new database must bring new vulnerabilities");
        using var receiver = new WebhookReceiver();
        string[] args = ["--postgres", dsn, "--worker", "--job-lease", "3s", "--db", db, "--webhook", receiver.Url("all")];
        using var victim = ServerProcess.Start(fixture.NewProcessDirectory("rematch-victim"), null, args);
        using var survivor = ServerProcess.Start(fixture.NewProcessDirectory("rematch-survivor"), null, args);
        await using var conn = new NpgsqlConnection(dsn);
        await conn.OpenAsync();
        await WaitAsync(conn, $"SELECT EXISTS (SELECT 1 FROM rematch_runs WHERE db_version = '{ScanRunner.Key(Built1)}')", survivor);
        await Task.Delay(DatabaseWatcher.Period * 2);  // both watchers have had their first look (and kept v1 to diff against)

        // When: v2 is renamed over --db; the victim is SIGKILLed as soon as it has claimed a batch
        var staged = Path.Combine(dir, "vuln.db.next");
        Write(staged, [.. v1.Select(Reworded), .. v2], Built2);
        File.Move(staged, db, overwrite: true);
        var claimed = await victim.WaitForLineAsync(l => l.Contains(" claimed (attempt 1", StringComparison.Ordinal), TimeSpan.FromSeconds(120), "a claimed re-match batch");
        victim.Kill();
        var killedBatch = long.Parse(claimed.Split(" batch ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var version = ScanRunner.Key(Built2);
        await WaitAsync(conn, $"SELECT EXISTS (SELECT 1 FROM rematch_runs WHERE db_version = '{version}' AND finished_at IS NOT NULL)", survivor);
        var notified = expected.Values.Sum(v => v.Count);
        var deliveries = await receiver.WaitForAsync("all", 1, TimeSpan.FromSeconds(60), () => survivor.Log);
        var received = await ReceivedUntilAsync(receiver, notified, TimeSpan.FromSeconds(60));

        // Then: the killed batch was done by the survivor on its second attempt, the others once each
        Assert.DoesNotContain($"re-match batch {killedBatch}:", victim.Log, StringComparison.Ordinal);
        var batches = new List<(long Id, string State, int Attempts, string Owner)>();
        await using (var cmd = new NpgsqlCommand($"SELECT id, state, attempts, lease_owner FROM rematch_batches WHERE db_version = '{version}' ORDER BY id", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) batches.Add((r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3)));
        Assert.Equal(Images / RematchQueue.BatchSize, batches.Count);
        Assert.All(batches, b => Assert.Equal("done", b.State));
        Assert.Equal(2, batches.Single(b => b.Id == killedBatch).Attempts);
        Assert.Contains($":{survivor.Id}:", batches.Single(b => b.Id == killedBatch).Owner, StringComparison.Ordinal);
        Assert.All(batches.Where(b => b.Id != killedBatch), b => Assert.Equal(1, b.Attempts));
        // every digest re-matched once, every new vulnerability notified once and received once
        Assert.Equal((long)Images, await ServerStartTests.Scalar<long>(conn, $"SELECT count(*) FROM scan_results WHERE db_version = '{version}'"));
        var stored = new HashSet<(string, string)>();
        await using (var cmd = new NpgsqlCommand($"SELECT digest, vulnerability_id FROM notifications WHERE db_version = '{version}'", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) Assert.True(stored.Add((r.GetString(0), r.GetString(1))));
        Assert.Equal(expected.SelectMany(e => e.Value.Select(v => (e.Key, v))).Order(), stored.Order());
        Assert.Equal(stored.Order(), received.Order());
        Assert.NotEmpty(deliveries);
    }

    private static async Task WaitAsync(NpgsqlConnection conn, string condition, ServerProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (await ServerStartTests.Scalar<bool>(conn, condition) is false)
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {condition}\n{worker.Log}");
            Assert.False(worker.HasExited, worker.Log);
            await Task.Delay(250);
        }
    }

    /// <summary>Every (digest, vulnerability) the receiver got, failing on a duplicate; waits until <paramref name="count"/> arrived.</summary>
    private static async Task<List<(string, string)>> ReceivedUntilAsync(WebhookReceiver receiver, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var got = receiver.To("all").SelectMany(d => JsonNode.Parse(d.Body)!["images"]!.AsArray()
                .SelectMany(i => i!["vulnerabilities"]!.AsArray().Select(v => (i["digest"]!.GetValue<string>(), v!["id"]!.GetValue<string>())))).ToList();
            if (got.Count >= count || DateTime.UtcNow > deadline) return got;
            await Task.Delay(250);
        }
    }

    // Per namespace pool of 400 Debian packages; an advisory for every step-th package, fixed at 1.5.0-1 (half the images' versions are below).
    private static List<AdvisoryRecord> Advisories(string prefix, int first, int step) =>
        [.. Enumerable.Range(first, 400).Where(i => i % step == 0).Select(i =>
        {
            var id = $"CVE-2099-{prefix}-{i:D4}";
            return new AdvisoryRecord(new VulnerabilityRecord { Id = id, Description = prefix + " advisory" },
            [
                new AffectedPackage
                {
                    Namespace = "debian:12", Package = $"lib{i}", VulnerabilityId = id, VersionScheme = "deb", Fixed = "1.5.0-1",
                    Status = VulnerabilityStatus.Fixed, Severity = Severity.High, DataSource = "test",
                },
            ]);
        })];

    private static AdvisoryRecord Reworded(AdvisoryRecord a) => a with { Vulnerability = a.Vulnerability! with { Description = "reworded" } };

    private static ImageInventory Inventory(int n)
    {
        var random = new Random(n);
        var packages = Enumerable.Range(0, 400).Where(_ => random.Next(3) == 0).Select(i =>
        {
            var version = $"1.{random.Next(10)}.0-1";
            return new Package
            {
                Type = PackageType.Deb, Name = $"lib{i}", Version = version, Purl = $"pkg:deb/debian/lib{i}@{version}", FoundIn = "var/lib/dpkg/status", LayerIndex = 0,
            };
        }).ToList();
        return new ImageInventory { Os = new OsInfo { Family = "debian", Version = "12" }, Packages = packages };
    }

    private static ScanOutcome Outcome(int n, ImageInventory inventory, IReadOnlyList<StoredFinding> findings) => new()
    {
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(n))),
        Repository = "registry.test/app" + (n % 7),
        DatabaseVersion = ScanRunner.Key(Built1),
        Os = "debian 12",
        Packages = [.. inventory.Packages.Select(p => new StoredPackage("deb", p.Name, p.Version, p.Purl))],
        Findings = findings,
        Verdicts = [new StoredVerdict("CIS-4.1", "pass", "runs as a non-root user")],
        Reports = ReportFormats.All.ToDictionary(f => f, _ => "{}"u8.ToArray(), StringComparer.Ordinal),
        MatchInventory = MatchInventory.ToJson(inventory),
    };

    internal static void Write(string path, IReadOnlyList<AdvisoryRecord> advisories, DateTimeOffset built)
    {
        using (var writer = DatabaseWriter.Create(path))
        {
            foreach (var a in advisories) writer.Add(a);
            writer.SetFeed(new FeedState("test", null, built, null, null, advisories.Count));
            writer.Commit(built);
        }
    }
}
