using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Registry;

/// <summary>The test image read back from real docker-registry servers in every auth mode equals the OCI layout it was pushed from.</summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RegistrySourceTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_PlainHttpRegistry_SameImageAsOciLayoutAndLayersVerify()
    {
        // Given
        var server = fixture.Server(RegistryMode.Plain);
        await using var expected = await OpenLayoutAsync();

        // When
        await using var image = await Source(server, credentials: null).OpenAsync(new ImageOpenOptions(), CancellationToken.None);
        var bytes = await ImageAssert.ReadAllLayersAsync(image);

        // Then
        ImageAssert.Same(expected, image);
        Assert.Equal(expected.Manifest.Layers.Sum(l => l.Size), bytes);
        Assert.Equal(expected.ManifestDigest, image.ManifestDigest);
        Assert.Equal(expected.ManifestDigest, image.Reference?.Digest);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_BasicAuthWithDockerConfigCredentials_SameImage()
    {
        // Given
        var server = fixture.Server(RegistryMode.Basic);
        await using var expected = await OpenLayoutAsync();

        // When
        await using var image = await Source(server, fixture.GoodConfigDirectory).OpenAsync(new ImageOpenOptions(), CancellationToken.None);

        // Then
        ImageAssert.Same(expected, image);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_TokenAuthWithCredentials_SameImageAndTokenIssued()
    {
        // Given
        var server = fixture.Server(RegistryMode.Token);
        await using var expected = await OpenLayoutAsync();
        var before = server.Tokens!.TokensIssued;

        // When
        await using var image = await Source(server, fixture.GoodConfigDirectory).OpenAsync(new ImageOpenOptions(), CancellationToken.None);
        await ImageAssert.ReadAllLayersAsync(image);

        // Then
        ImageAssert.Same(expected, image);
        Assert.InRange(server.Tokens.TokensIssued - before, 1, 2); // one token per scope, reused for every blob
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_TokenAuthAnonymous_PullsWithAnonymousToken()
    {
        // Given
        var server = fixture.Server(RegistryMode.Token);
        await using var expected = await OpenLayoutAsync();

        // When
        await using var image = await Source(server, credentials: null).OpenAsync(new ImageOpenOptions(), CancellationToken.None);

        // Then
        Assert.Equal(expected.Id, image.Id);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_TlsWithCaInCertsDirectory_SameImage()
    {
        // Given
        var server = fixture.Server(RegistryMode.Tls);
        await using var expected = await OpenLayoutAsync();

        // When
        await using var image = await Source(server, fixture.GoodConfigDirectory).OpenAsync(new ImageOpenOptions(), CancellationToken.None);
        await ImageAssert.ReadAllLayersAsync(image);

        // Then
        ImageAssert.Same(expected, image);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_ZstdAndArchiveForms_SameImageAsRegistry()
    {
        // Given
        await using var fromRegistry = await Source(fixture.Server(RegistryMode.Plain), null).OpenAsync(new ImageOpenOptions(), CancellationToken.None);

        // When
        await using var zstd = await OpenAsync($"oci:{TestImages.OciZstdLayout}:{TestImages.Tag}");
        await using var dockerArchive = await OpenAsync($"docker-archive:{TestImages.DockerArchive}");
        await using var ociArchive = await OpenAsync($"oci-archive:{TestImages.OciArchive}:{TestImages.Tag}");

        // Then
        ImageAssert.Same(fromRegistry, zstd);
        ImageAssert.Same(fromRegistry, dockerArchive);
        ImageAssert.Same(fromRegistry, ociArchive);
        Assert.All(zstd.Layers, l => Assert.Equal(LayerCompression.Zstd, l.Compression));
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_FirstLayerReads_AskedBesideTheConfigAndTheSameBytes()
    {
        // Given: a caller that says it reads the top layer first, then the bottom one (and names nonsense too)
        await using var expected = await OpenLayoutAsync();
        IReadOnlyList<Descriptor>? told = null;
        var options = new ImageOpenOptions
        {
            FirstLayerReads = layers =>
            {
                told = layers;
                return [layers.Count - 1, 0, layers.Count - 1, -1, layers.Count];
            },
        };

        // When: every layer read (the early ones taken by their first open), then each read once more (a fresh request)
        await using var image = await Source(fixture.Server(RegistryMode.Token), fixture.GoodConfigDirectory).OpenAsync(options, CancellationToken.None);
        var first = await ImageAssert.ReadAllLayersAsync(image);
        var again = await ImageAssert.ReadAllLayersAsync(image);

        // Then: told the manifest's descriptors before the config was read, and the same verified bytes both times
        Assert.Equal(expected.Manifest.Layers.Select(l => l.Digest), told!.Select(l => l.Digest));
        ImageAssert.Same(expected, image);
        Assert.Equal(expected.Manifest.Layers.Sum(l => l.Size), first);
        Assert.Equal(first, again);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_FirstLayerReadsNeverTaken_DisposeReleasesThem()
    {
        // Given: early requests for every layer (at most three are made)
        var options = new ImageOpenOptions { FirstLayerReads = layers => [.. Enumerable.Range(0, layers.Count)] };

        // When: opened and disposed without reading a layer, twice over the same registry
        for (var i = 0; i < 2; i++)
        {
            await using var image = await Source(fixture.Server(RegistryMode.Plain), null).OpenAsync(options, CancellationToken.None);
            Assert.NotEmpty(image.Layers);
        }

        // Then: nothing hangs or throws, and a normal open still reads every layer
        await using var again = await Source(fixture.Server(RegistryMode.Plain), null).OpenAsync(new ImageOpenOptions(), CancellationToken.None);
        Assert.True(await ImageAssert.ReadAllLayersAsync(again) > 0);
    }

    internal static RegistryImageSource Source(RegistryServer server, string? credentials, bool trustCa = true) =>
        new(ImageReference.Parse($"{server.Host}/{RegistryFixture.Repository}:{RegistryFixture.Tag}"), null, Options(server, credentials, trustCa));

    internal static RegistryClientOptions Options(RegistryServer server, string? credentials, bool trustCa = true) => new()
    {
        InsecureRegistries = server.Mode == RegistryMode.Tls ? new HashSet<string>() : new HashSet<string> { server.Host },
        CertsDirectory = trustCa ? server.CertsDirectory : Path.Combine(server.Directory, "no-certs"),
        Credentials = credentials is null ? null : new DockerCredentialStore(credentials),
        MaxAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    internal static Task<IImage> OpenLayoutAsync() => OpenAsync($"oci:{TestImages.OciLayout}:{TestImages.Tag}");

    private static Task<IImage> OpenAsync(string target) =>
        ImageSources.OpenAsync(target, new ImageOpenOptions { TempDirectory = TestRoot.Sub("tmp") }, RemoteSourceFactories.Default, CancellationToken.None);
}
