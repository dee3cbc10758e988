using System.Collections.Concurrent;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Freshness;

/// <summary>
/// <see cref="IRegistryLookup"/> over the authenticated, TLS-verifying <see cref="RegistryClient"/>; one client per
/// registry, shared by every reference that lives there (so tokens and rate-limit headers are reused).
/// </summary>
public sealed class RegistryLookup(RegistryClient client) : IRegistryLookup
{
    public RateLimitInfo? RateLimit => client.RateLimit;

    public Task<Digest> ResolveDigestAsync(ImageReference reference, CancellationToken cancellationToken) =>
        client.ResolveDigestAsync(reference, cancellationToken);

    public Task<RegistryManifest> GetManifestAsync(string repository, string tagOrDigest, CancellationToken cancellationToken) =>
        client.GetManifestAsync(repository, tagOrDigest, cancellationToken);

    public Task<byte[]> GetBlobBytesAsync(string repository, Descriptor descriptor, long limit, CancellationToken cancellationToken) =>
        client.GetBlobBytesAsync(repository, descriptor, limit, cancellationToken);

    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken) =>
        client.ListTagsAsync(repository, cancellationToken);

    /// <summary>A factory that opens one client per registry host and disposes them all with itself.</summary>
    public sealed class Pool(RegistryClientOptions options) : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<RegistryClient>> _clients = new(StringComparer.OrdinalIgnoreCase);

        public IRegistryLookup For(ImageReference reference) =>
            new RegistryLookup(_clients.GetOrAdd(reference.Registry, r => new Lazy<RegistryClient>(() => new RegistryClient(r, options))).Value);

        public void Dispose()
        {
            foreach (var c in _clients.Values.Where(c => c.IsValueCreated)) c.Value.Dispose();
        }
    }
}
