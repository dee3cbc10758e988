using Drydock.Cli;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Registry;

/// <summary>Through the real CLI: registry failures end with exit code 3 and exactly one line on stderr.</summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RegistryCliTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Inspect_TlsRegistryWithUntrustedCertificate_Exit3OneLineNamingTls()
    {
        // Given: the test CA is in no certs.d folder the CLI reads
        var server = fixture.Server(RegistryMode.Tls);

        // When
        var (exit, stdout, stderr) = await RunAsync("inspect", $"registry:{server.Host}/{RegistryFixture.Repository}:1");

        // Then
        Assert.Equal(3, exit);
        Assert.Empty(stdout);
        Assert.StartsWith($"drydock: registry {server.Host}: TLS verification failed", Assert.Single(Lines(stderr)));
    }

    [IntegrationFact]
    public async Task Inspect_ClosedPort_Exit3OneLineUnreachable()
    {
        // Given
        var host = $"127.0.0.1:{TestRoot.FreePort()}";

        // When
        var (exit, _, stderr) = await RunAsync("inspect", $"registry:{host}/team/app:1");

        // Then
        Assert.Equal(3, exit);
        Assert.Equal($"drydock: registry {host}: unreachable (connection refused)", Assert.Single(Lines(stderr)));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DrydockCli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
