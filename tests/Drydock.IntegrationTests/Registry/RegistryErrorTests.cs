using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Registry;

/// <summary>Bad credentials, untrusted TLS, a closed port and a missing tag each end in one clear line and exit code 3.</summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RegistryErrorTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task OpenBlob_LayerBodyStallsMidway_SynchronousReadFailsSayingStalled()
    {
        // Given: a registry whose blob bodies stop after 64 KiB and stay open; a 2 s idle limit
        using var proxy = new StallingProxy(fixture.Server(RegistryMode.Plain).Host, stallAfter: 65_536);
        using var client = new RegistryClient(proxy.Host, new RegistryClientOptions
        {
            InsecureRegistries = new HashSet<string> { proxy.Host },
            Credentials = null,
            BodyIdleTimeout = TimeSpan.FromSeconds(2),
        });
        var manifest = ImageDocuments.Parse((await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None)).Bytes,
            SourceJsonContext.Default.ImageManifest, "manifest", CancellationToken.None);
        var layer = manifest.Layers.MaxBy(l => l.Size)!;
        Assert.True(layer.Size > 65_536);

        // When: the layer is opened as a scan opens it (a connection read with blocking reads) and read on a thread of its own
        await using var blob = await client.OpenBlobAsync(RegistryFixture.Repository, layer, CancellationToken.None);
        var read = 0L;
        var error = await Task.Factory.StartNew(() => Assert.Throws<DrydockException>(() =>
        {
            var buffer = new byte[256 * 1024];
            int n;
            while ((n = blob.Read(buffer)) > 0) read += n;
        }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60));

        // Then: the blocked read was ended by the idle limit, with one clear line
        Assert.Equal(1, proxy.Stalled);
        Assert.Equal(65_536, read);
        Assert.Equal($"blob {layer.Digest} of {RegistryFixture.Repository} from registry {proxy.Host}: stalled (no data for 2 s)", error.Message);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task OpenBlob_BlobRedirectedToAnotherHost_LayerReadWholeAndVerified()
    {
        // Given: a registry front whose blob GETs answer 307 to another host:port (a CDN, as Docker Hub's do)
        var registry = fixture.Server(RegistryMode.Plain);
        using var proxy = new BlobRedirectProxy(registry.Host);
        using var client = new RegistryClient(proxy.Host, new RegistryClientOptions
        {
            InsecureRegistries = new HashSet<string> { proxy.Host, registry.Host },
            Credentials = null,
        });
        var manifest = ImageDocuments.Parse((await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None)).Bytes,
            SourceJsonContext.Default.ImageManifest, "manifest", CancellationToken.None);
        var layer = manifest.Layers.MaxBy(l => l.Size)!;

        // When: the layer is opened as a scan opens it and read to its end with blocking reads on a thread of its own
        await using var blob = await client.OpenBlobAsync(RegistryFixture.Repository, layer, CancellationToken.None);
        var read = await Task.Factory.StartNew(() =>
        {
            var buffer = new byte[256 * 1024];
            long total = 0;
            int n;
            while ((n = blob.Read(buffer)) > 0) total += n;
            return total;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60));

        // Then: every byte came (the stream checked the digest at its end), through the redirect
        Assert.Equal(layer.Size, read);
        Assert.Equal(1, proxy.Redirected);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_BasicAuthWrongPassword_AuthenticationFailedLine()
    {
        // Given
        var server = fixture.Server(RegistryMode.Basic);

        // When
        var error = await OneLineErrorAsync(RegistrySourceTests.Source(server, fixture.WrongConfigDirectory));

        // Then
        Assert.Equal($"registry {server.Host}: authentication failed for {RegistryFixture.Repository} (401)", error.Message);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_TokenAuthWrongPassword_AuthenticationFailedLine()
    {
        // Given
        var server = fixture.Server(RegistryMode.Token);

        // When
        var error = await OneLineErrorAsync(RegistrySourceTests.Source(server, fixture.WrongConfigDirectory));

        // Then
        Assert.Equal($"registry {server.Host}: authentication failed for {RegistryFixture.Repository} (401)", error.Message);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_BasicAuthNoCredentials_AuthenticationRequiredLine()
    {
        // Given
        var server = fixture.Server(RegistryMode.Basic);

        // When
        var error = await OneLineErrorAsync(RegistrySourceTests.Source(server, credentials: null));

        // Then
        Assert.StartsWith($"registry {server.Host}: authentication required for {RegistryFixture.Repository} (401)", error.Message);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_TlsWithoutCa_TlsVerificationFailedLine()
    {
        // Given
        var server = fixture.Server(RegistryMode.Tls);

        // When
        var error = await OneLineErrorAsync(RegistrySourceTests.Source(server, fixture.GoodConfigDirectory, trustCa: false));

        // Then
        Assert.StartsWith($"registry {server.Host}: TLS verification failed", error.Message);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_TlsRegistryDeclaredInsecure_ReadsWithoutCa()
    {
        // Given: Docker's rule for an insecure registry: https without verification before plain http
        var server = fixture.Server(RegistryMode.Tls);
        var options = RegistrySourceTests.Options(server, fixture.GoodConfigDirectory, trustCa: false) with
        {
            InsecureRegistries = new HashSet<string> { server.Host },
        };
        var source = new RegistryImageSource(ImageReference.Parse($"{server.Host}/{RegistryFixture.Repository}:1"), null, options);

        // When
        await using var image = await source.OpenAsync(new ImageOpenOptions(), CancellationToken.None);

        // Then
        await using var expected = await RegistrySourceTests.OpenLayoutAsync();
        Assert.Equal(expected.Id, image.Id);
    }

    [IntegrationFact]
    public async Task Open_ClosedPort_UnreachableLine()
    {
        // Given: a port nothing listens on
        var port = TestRoot.FreePort();
        var host = $"127.0.0.1:{port}";
        var source = new RegistryImageSource(ImageReference.Parse($"{host}/any/image:1"), null,
            new RegistryClientOptions { InsecureRegistries = new HashSet<string> { host }, Credentials = null });

        // When
        var error = await OneLineErrorAsync(source);

        // Then
        Assert.Equal($"registry {host}: unreachable (connection refused)", error.Message);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_UnknownTag_ManifestUnknownLine()
    {
        // Given
        var server = fixture.Server(RegistryMode.Plain);
        var source = new RegistryImageSource(ImageReference.Parse($"{server.Host}/{RegistryFixture.Repository}:no-such-tag"), null,
            RegistrySourceTests.Options(server, null));

        // When
        var error = await OneLineErrorAsync(source);

        // Then
        Assert.Equal($"registry {server.Host}: manifest unknown: {RegistryFixture.Repository}:no-such-tag (404)", error.Message);
    }

    private static async Task<DrydockException> OneLineErrorAsync(RegistryImageSource source)
    {
        var error = await Assert.ThrowsAnyAsync<DrydockException>(async () =>
        {
            await using var image = await source.OpenAsync(new ImageOpenOptions(), CancellationToken.None);
        });
        Assert.Equal(ExitCodes.RuntimeError, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }
}
