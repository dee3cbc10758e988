using System.Collections.Concurrent;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Server.Rematch;

/// <summary>
/// One re-match batch's view of the advisory store: every read the matchers make (affected rows per (namespace,
/// package), vulnerability details, product CPEs, a namespace's sources and a family's namespaces) is answered by the
/// store once and then from memory for the rest of the batch, so the 200 inventories of a batch that share Debian's
/// glibc read its rows once instead of 200 times. The answers are the store's own, so findings are those of matching
/// each inventory alone. Memory is bounded: past <see cref="MaxEntries"/> cached answers, further reads go to the store
/// uncached (still correct, only slower). One per batch, dropped with it; safe for concurrent reads as the contract asks.
/// </summary>
internal sealed class BatchAdvisoryCache(IAdvisoryStore store, int maxEntries = BatchAdvisoryCache.DefaultMaxEntries) : IAdvisoryStore
{
    /// <summary>A batch of 200 images of up to 400 packages names at most 80,000 packages; most are shared.</summary>
    public const int DefaultMaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string, string), IReadOnlyList<AffectedPackage>> _affected = new();
    private readonly ConcurrentDictionary<string, VulnerabilityRecord?> _details = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), IReadOnlyList<string>> _cpes = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _namespaces = new(StringComparer.Ordinal);
    private int _entries;

    public int MaxEntries { get; } = maxEntries > 0 ? maxEntries : throw new ArgumentOutOfRangeException(nameof(maxEntries));

    public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package) =>
        Once(_affected, (ns, package), k => store.GetAffected(k.Item1, k.Item2));

    public VulnerabilityRecord? GetVulnerability(string id) =>
        _details.TryGetValue(id, out var record) ? record : GetVulnerabilities([id]).GetValueOrDefault(id);

    /// <summary>The ids not cached yet are read in one call to the store; ids it lacks are cached as absent.</summary>
    public IReadOnlyDictionary<string, VulnerabilityRecord> GetVulnerabilities(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, VulnerabilityRecord>(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!_details.TryGetValue(id, out var record)) missing.Add(id);
            else if (record is not null) found[id] = record;
        }
        if (missing.Count == 0) return found;
        var read = store.GetVulnerabilities(missing);
        foreach (var id in missing)
        {
            var record = read.GetValueOrDefault(id);
            if (record is not null) found[id] = record;
            if (Room()) _details.TryAdd(id, record);
        }
        return found;
    }

    public IReadOnlyList<string> SourcesOf(string ns) => Once(_sources, ns, store.SourcesOf);

    public IReadOnlyList<string> NamespacesOf(string family) => Once(_namespaces, family, store.NamespacesOf);

    public IReadOnlyList<string> GetProductCpes(string kind, string key) =>
        Once(_cpes, (kind, key), k => store.GetProductCpes(k.Item1, k.Item2));

    private TValue Once<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, Func<TKey, TValue> read)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var value)) return value;
        value = read(key);
        if (Room()) cache.TryAdd(key, value);
        return value;
    }

    // Two threads may both pass the check and overshoot by one entry each: a bound, not an exact count.
    private bool Room()
    {
        if (Volatile.Read(ref _entries) >= MaxEntries) return false;
        Interlocked.Increment(ref _entries);
        return true;
    }
}
