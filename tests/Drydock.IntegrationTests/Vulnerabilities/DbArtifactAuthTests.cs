using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Registry;
using Drydock.Tests.Vulnerabilities.Distribution;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.IntegrationTests.Vulnerabilities;

/// <summary>
/// <c>db push</c> / <c>db pull</c> reach a registry exactly as image pulls do: htpasswd Basic, bearer tokens (asked for
/// with the <c>pull,push</c> scope to push) and TLS with a CA from certs.d, credentials from a Docker config folder.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DbArtifactAuthTests(RegistryFixture fixture) : IDisposable
{
    private readonly string _dir = TestRoot.NewRunDirectory("db-artifact-auth");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task PushPull_BasicTokenTls_RoundTripWithDockerConfigCredentials()
    {
        // Given: one database, and the three authenticated registries
        var source = Path.Combine(_dir, "source.db");
        ArtifactDatabase.Build(source, "CVE-2021-1");
        foreach (var mode in new[] { RegistryMode.Basic, RegistryMode.Token, RegistryMode.Tls })
        {
            var server = fixture.Server(mode);
            var options = RegistrySourceTests.Options(server, fixture.GoodConfigDirectory);
            var reference = DbArtifact.ParseReference($"{server.Host}/team/db");
            var target = Path.Combine(_dir, mode.ToString(), "vuln.db");

            // When
            var pushed = await new DbPusher(options, NullProgressSink.Instance).PushAsync(source, reference, null, CancellationToken.None);
            var pulled = await new DbPuller(options, NullProgressSink.Instance, TimeProvider.System).PullAsync(target, reference, CancellationToken.None);

            // Then
            Assert.Equal(pushed.Manifest, pulled.Manifest);
            Assert.Equal(4, pulled.Downloaded);
            Assert.Equal(ArtifactDatabase.Rows(source), ArtifactDatabase.Rows(target));
        }
    }
}
