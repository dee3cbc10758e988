using Drydock.Bases;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.Policy;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The registry side of a scan: the signature, freshness and annotated-base stages. A scanner without them is offline
/// (<see cref="ScannerParts.Registry"/> null). Disposing releases the registry clients <see cref="Create"/> made.
/// </summary>
public sealed class RegistryServices(ISignatureCheck signatures, IFreshnessLookup freshness, IBaseImageResolver bases, IDisposable? owner = null) : IDisposable
{
    public ISignatureCheck Signatures { get; } = signatures ?? throw new ArgumentNullException(nameof(signatures));

    public IFreshnessLookup Freshness { get; } = freshness ?? throw new ArgumentNullException(nameof(freshness));

    public IBaseImageResolver Bases { get; } = bases ?? throw new ArgumentNullException(nameof(bases));

    /// <summary>
    /// The production stages over registry clients made from <paramref name="client"/>, keeping Docker Content Trust
    /// state and base-discovery listings under <paramref name="cacheRoot"/>.
    /// </summary>
    public static RegistryServices Create(RegistryClientOptions client, TimeProvider clock, string cacheRoot)
    {
        ArgumentNullException.ThrowIfNull(client);
        // Freshness is a side question: an unreachable registry (air-gapped, local-only tag) must not hold the scan long.
        var pool = new RegistryLookup.Pool(client with
        {
            MaxAttempts = 2,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            RequestTimeout = TimeSpan.FromSeconds(20),
        });
        return new RegistryServices(new RegistrySignatures(client, new TrustOptions(clock, cacheRoot)), new TagFreshness(pool),
            new AnnotatedBases(client, clock, new TrustedBaseDiscovery(client, cacheRoot, clock)), pool);
    }

    public void Dispose() => owner?.Dispose();

    /// <summary>
    /// Cosign, Sigstore bundles, Notation and Docker Content Trust, fetched from the image's registry and notary servers,
    /// and how the image and its base were read (<see cref="ImageSignatures"/>).
    /// </summary>
    private sealed class RegistrySignatures(RegistryClientOptions client, TrustOptions trust) : ISignatureCheck
    {
        public Task<SignatureVerification> VerifyAsync(IImage image, ImageReference? registryReference, DrydockPolicy policy, CancellationToken cancellationToken) =>
            ImageSignatures.VerifyAsync(image, registryReference is not null, policy, client, trust, cancellationToken);
    }

    private sealed class TagFreshness(RegistryLookup.Pool pool) : IFreshnessLookup
    {
        public Task<FreshnessResult> CheckAsync(IImage image, IReadOnlyList<BaseCatalogEntry> catalog, CancellationToken cancellationToken) =>
            ImageFreshness.CheckAsync(image, pool.For, catalog, cancellationToken);
    }

    private sealed class AnnotatedBases(RegistryClientOptions client, TimeProvider clock, TrustedBaseDiscovery discovery) : IBaseImageResolver
    {
        public Task<TrustedBaseSearch> DiscoverAsync(DrydockPolicy policy, Platform platform, CancellationToken cancellationToken) =>
            discovery.DiscoverAsync(policy, platform, cancellationToken);

        public Task<BaseCatalogEntry?> ResolveAsync(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string>? labels, Platform? platform, CancellationToken cancellationToken) =>
            RegistryBaseResolver.ResolveAsync(annotations, labels, client,
                new ImageOpenOptions { Platform = platform, InsecureRegistries = client.InsecureRegistries }, clock, cancellationToken);
    }
}
