using System.Collections.Concurrent;
using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.Policy;

namespace Drydock.Bases;

/// <summary>
/// Base discovery during scans (issue 15 item 5): the tags of every repository the policy's <c>trustedBases</c> names
/// (<see cref="TrustedRepository"/>), at most <see cref="RepositoryBases.DefaultMaxTags"/> per repository in ordinal
/// order, read as catalogue entries (manifest and config for the image's platform, never layers). Each listing is
/// asked once per instance (one scanner: one run) and kept in <see cref="RepositoryListingCache"/> for its TTL. A
/// repository that cannot be listed is reported with why, never dropped: CIS-4.2 then skips rather than calling the
/// base untrusted.
/// </summary>
public sealed class TrustedBaseDiscovery(RegistryClientOptions client, string cacheRoot, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RepositoryBasesResult>>> _run = new(StringComparer.Ordinal);
    private readonly RepositoryListingCache _cache = new(cacheRoot, clock);

    /// <summary>How many registry listings this instance made (cache and run hits excluded).</summary>
    public int Listings => _listings;

    private int _listings;

    public async Task<TrustedBaseSearch> DiscoverAsync(DrydockPolicy policy, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(platform);
        var entries = new List<BaseCatalogEntry>();
        var unlisted = new List<string>();
        var notes = new List<string>();
        foreach (var repository in TrustedRepository.From(policy))
        {
            var key = RepositoryListingCache.Key(repository, platform.ToString(), RepositoryBases.DefaultMaxTags);
            try
            {
                var result = await _run.GetOrAdd(key, k => new Lazy<Task<RepositoryBasesResult>>(() => ListAsync(k, repository, platform, cancellationToken))).Value;
                entries.AddRange(result.Entries);
                if (result.NotRead > 0) notes.Add($"{result.NotRead} more tag(s) of {repository.Name} not compared (at most {RepositoryBases.DefaultMaxTags} are read)");
            }
            catch (Exception e) when (e is DrydockException or HttpRequestException or IOException)
            {
                unlisted.Add($"{repository.Name}: {e.Message}");
            }
        }
        return new TrustedBaseSearch(entries, unlisted, notes);
    }

    private async Task<RepositoryBasesResult> ListAsync(string key, TrustedRepository repository, Platform platform, CancellationToken cancellationToken)
    {
        if (_cache.TryRead(key) is { } cached) return cached;
        Interlocked.Increment(ref _listings);
        var options = new ImageOpenOptions { Platform = platform, InsecureRegistries = client.InsecureRegistries, Progress = client.Progress };
        var result = await RepositoryBases.ReadAsync(repository.Repository, client, options, RepositoryBases.DefaultMaxTags, repository.Wants, clock, cancellationToken);
        _cache.Write(key, result);
        return result;
    }
}
