using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Freshness;

/// <summary>
/// The registry reads freshness needs, for one registry. <see cref="RegistryLookup"/> is the real one over
/// <see cref="RegistryClient"/>; tests use a hand-written fake.
/// </summary>
public interface IRegistryLookup
{
    /// <summary>The manifest digest the reference's tag names now (HEAD first; GET only when HEAD gives no digest).</summary>
    Task<Digest> ResolveDigestAsync(ImageReference reference, CancellationToken cancellationToken);

    Task<RegistryManifest> GetManifestAsync(string repository, string tagOrDigest, CancellationToken cancellationToken);

    Task<byte[]> GetBlobBytesAsync(string repository, Descriptor descriptor, long limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken);

    /// <summary>The last rate-limit headers the registry sent, if any.</summary>
    RateLimitInfo? RateLimit { get; }
}
