using Drydock.Images.Sources.Registry;
using Drydock.Model;
using Drydock.Server.Scanning;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Distribution;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Npgsql;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// <c>--db-pull-interval</c> against a real registry: the server pulls <c>--db-repository</c> at start, a newer database
/// is pushed to the same tag, the next periodic pull installs it over <c>--db</c>, and the watcher plans its re-match.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DatabasePullTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset Built1 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [ServerFact]
    public async Task PullInterval_NewerDatabasePushed_PulledAndRematchPlanned()
    {
        // Given: v1 pushed to the registry; a server that pulls it at start and every 2 s
        var dir = fixture.NewProcessDirectory("db-pull");
        var reference = DbArtifact.ParseReference($"{fixture.Plain!.Host}/team/vulndb-pull:1");
        var pusher = new DbPusher(new RegistryClientOptions { InsecureRegistries = new HashSet<string>([fixture.Plain.Host], StringComparer.OrdinalIgnoreCase) }, NullProgressSink.Instance);
        await pusher.PushAsync(Database(dir, "v1.db", Built1, 1), reference, null, CancellationToken.None);
        using var server = await ServerSession.StartOnDatabaseAsync(fixture, Path.Combine(dir, "vuln.db"), "--db-repository", reference.ToString(), "--db-pull-interval", "2s");
        Assert.Contains(ScanRunner.Key(Built1), server.Process.Log, StringComparison.Ordinal);

        // When: v2 is pushed to the same tag
        var built2 = Built1.AddDays(1);
        await pusher.PushAsync(Database(dir, "v2.db", built2, 2), reference, null, CancellationToken.None);

        // Then: a periodic pull installs it and the watcher plans its re-match run
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await ServerStartTests.Scalar<bool>(conn, $"SELECT EXISTS (SELECT 1 FROM rematch_runs WHERE db_version = '{ScanRunner.Key(built2)}')"))
        {
            Assert.True(DateTime.UtcNow < deadline, "v2 was not pulled and planned:\n" + server.Process.Log);
            await Task.Delay(250);
        }
        Assert.Contains("db pull: ", server.Process.Log, StringComparison.Ordinal);
        Assert.Contains($"vulnerability database {ScanRunner.Key(built2)} loaded", server.Process.Log, StringComparison.Ordinal);
    }

    private static string Database(string dir, string name, DateTimeOffset built, int advisories)
    {
        var path = Path.Combine(dir, name);
        RematchKillTests.Write(path, [.. Enumerable.Range(1, advisories).Select(i => new AdvisoryRecord(new VulnerabilityRecord { Id = $"CVE-2099-{i:D4}" },
        [
            new AffectedPackage
            {
                Namespace = "debian:12", Package = "dpkg", VulnerabilityId = $"CVE-2099-{i:D4}", VersionScheme = "deb", Fixed = "99.0",
                Status = VulnerabilityStatus.Fixed, Severity = Severity.High, DataSource = "test",
            },
        ]))], built);
        return path;
    }
}
