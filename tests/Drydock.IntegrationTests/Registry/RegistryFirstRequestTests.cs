using System.Text.Json;
using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Registry;

/// <summary>
/// The first request to a registry finds its base URL itself (issue 17): no <c>/v2/</c> ping before a GET or HEAD, one
/// round trip less before the first byte. Through a recording proxy in front of the real registry.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RegistryFirstRequestTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetManifestAsync_FreshClient_TheManifestIsTheFirstRequestAndNoPingFollows()
    {
        // Given: an insecure host (plain HTTP behind the proxy: the https attempt beside it fails at the handshake)
        using var proxy = new RecordingProxy(fixture.Server(RegistryMode.Plain).Host);
        using var client = new RegistryClient(proxy.Host, Options(proxy));

        // When
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None);
        using var document = JsonDocument.Parse(manifest.Bytes);
        var configElement = document.RootElement.GetProperty("config");
        var descriptor = new Descriptor
        {
            MediaType = configElement.GetProperty("mediaType").GetString()!,
            Digest = configElement.GetProperty("digest").GetString()!,
            Size = configElement.GetProperty("size").GetInt64(),
        };
        var config = await client.GetBlobBytesAsync(RegistryFixture.Repository, descriptor, 1 << 20, CancellationToken.None);

        // Then
        Assert.Equal(
            [$"GET /v2/{RegistryFixture.Repository}/manifests/{RegistryFixture.Tag}", $"GET /v2/{RegistryFixture.Repository}/blobs/{descriptor.Digest}"],
            proxy.Requests);
        Assert.Equal(descriptor.Digest, Digest.Sha256(config).ToString());
        Assert.Equal(RegistryChannel.PlainHttp, client.Channel);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task ResolveDigestAsync_ThenManifest_OneRequestEachNoPing()
    {
        // Given
        using var proxy = new RecordingProxy(fixture.Server(RegistryMode.Plain).Host);
        using var client = new RegistryClient(proxy.Host, Options(proxy));

        // When: a HEAD first (freshness asks this way)
        var digest = await client.ResolveDigestAsync(ImageReference.Parse($"{proxy.Host}/{RegistryFixture.Repository}:{RegistryFixture.Tag}"), CancellationToken.None);
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, digest.ToString(), CancellationToken.None);

        // Then
        Assert.Equal(digest, manifest.Digest);
        Assert.DoesNotContain(proxy.Requests, r => r == "GET /v2/");
        Assert.Equal($"HEAD /v2/{RegistryFixture.Repository}/manifests/{RegistryFixture.Tag}", proxy.Requests[0]);
        Assert.Equal(2, proxy.Requests.Count);
    }

    private static RegistryClientOptions Options(RecordingProxy proxy) => new()
    {
        InsecureRegistries = new HashSet<string> { proxy.Host },
        Credentials = null,
    };
}
