using System.Net;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Registry;

/// <summary>Retry-After, back-off and rate-limit headers, through a fault-injecting proxy in front of the real registry.</summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RegistryRetryTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetManifestAsync_TwoTooManyRequests_RetriesAfterDelayAndRecordsRateLimit()
    {
        // Given
        using var proxy = new FaultInjectingProxy(fixture.Server(RegistryMode.Plain).Host, failures: 2, HttpStatusCode.TooManyRequests, retryAfter: "1");
        using var client = new RegistryClient(proxy.Host, Options(proxy));

        // When
        var started = DateTime.UtcNow;
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None);

        // Then
        Assert.Equal(2, proxy.FaultsServed);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.9), "Retry-After: 1 was honoured twice");
        Assert.Equal(manifest.Digest, Drydock.Images.Digest.Sha256(manifest.Bytes.Span));
        Assert.Equal(100, client.RateLimit?.Limit);
        Assert.Equal(21600, client.RateLimit?.WindowSeconds);
        Assert.InRange(client.RateLimit?.Remaining ?? -1, 0, 99);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetManifestAsync_ServiceUnavailableWithoutRetryAfter_BacksOffAndSucceeds()
    {
        // Given
        using var proxy = new FaultInjectingProxy(fixture.Server(RegistryMode.Plain).Host, failures: 2, HttpStatusCode.ServiceUnavailable, retryAfter: null);
        using var client = new RegistryClient(proxy.Host, Options(proxy) with { MaxAttempts = 3 });

        // When
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None);

        // Then
        Assert.Equal(2, proxy.FaultsServed);
        Assert.False(manifest.IsIndex);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetManifestAsync_RetryAfterBeyondLimit_FailsAtOnceNamingTheDelay()
    {
        // Given
        using var proxy = new FaultInjectingProxy(fixture.Server(RegistryMode.Plain).Host, failures: 10, HttpStatusCode.TooManyRequests, retryAfter: "3600");
        using var client = new RegistryClient(proxy.Host, Options(proxy));

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None));

        // Then
        Assert.StartsWith($"registry {proxy.Host}: rate limit reached (429); it asks to retry after 3600 s", error.Message);
        Assert.Equal(1, proxy.FaultsServed);
    }

    private static RegistryClientOptions Options(FaultInjectingProxy proxy) => new()
    {
        InsecureRegistries = new HashSet<string> { proxy.Host },
        Credentials = null,
        MaxAttempts = 4,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(10),
    };
}
