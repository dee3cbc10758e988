using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// One scan's view of the store: lookups plus a cache of vulnerability details, so a CVE that hits twenty packages
/// is read once. Not thread-safe; one per scan.
/// </summary>
public sealed class MatchContext(IAdvisoryStore store)
{
    private readonly Dictionary<string, VulnerabilityRecord?> _details = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), IReadOnlyList<string>> _cpes = [];
    private readonly Dictionary<(string, string), IReadOnlyList<AffectedPackage>> _affected = [];

    public IAdvisoryStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>How many advisory rows could not be evaluated against an installed version (unknown scheme, unparsable version).</summary>
    public int UnevaluatedRanges { get; private set; }

    /// <summary>The first row that could not be evaluated, as one line (vulnerability, package, installed version, why).</summary>
    public string? UnevaluatedExample { get; private set; }

    /// <summary>Counts a row <see cref="RangeEvaluator"/> could not decide, so the report says so instead of dropping it silently.</summary>
    internal void NoteUnevaluated(AffectedPackage row, string installed)
    {
        UnevaluatedRanges++;
        UnevaluatedExample ??= $"{row.VulnerabilityId} for {row.Package} {installed} in {row.Namespace} ({RangeEvaluator.WhyUnevaluable(row, installed)})";
    }

    /// <summary>
    /// <see cref="IAdvisoryStore.GetAffected"/>, read once per scan: the binary packages of one source (libc6,
    /// libc-bin, libc6-dev → glibc) share one lookup.
    /// </summary>
    public IReadOnlyList<AffectedPackage> Affected(string ns, string package) =>
        Once(_affected, (ns, package), key => Store.GetAffected(key.Item1, key.Item2));

    private static TValue Once<TKey, TValue>(Dictionary<TKey, TValue> cache, TKey key, Func<TKey, TValue> read)
        where TKey : notnull
    {
        if (!cache.TryGetValue(key, out var value))
        {
            value = read(key);
            cache[key] = value;
        }
        return value;
    }

    /// <summary>
    /// When true (set by <see cref="VulnerabilityScanner"/>), matchers return findings without details and the scanner
    /// fills them in at the end of the scan from one batched read (<see cref="Preload"/>, <see cref="FindingBuilder.Complete"/>).
    /// </summary>
    internal bool DeferDetails { get; init; }

    /// <summary>Reads the details of every id not yet cached in one batch; ids the database lacks are cached as null.</summary>
    public void Preload(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var missing = ids.Where(id => !_details.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0) return;
        var found = Store.GetVulnerabilities(missing);
        foreach (var id in missing) _details[id] = found.GetValueOrDefault(id);
    }

    public VulnerabilityRecord? Details(string id)
    {
        if (!_details.TryGetValue(id, out var record))
        {
            record = Store.GetVulnerability(id);
            _details[id] = record;
        }
        return record;
    }

    /// <summary>The CPEs of a content set or build (<see cref="IAdvisoryStore.GetProductCpes"/>), read once per scan.</summary>
    public IReadOnlyList<string> ProductCpes(string kind, string key) =>
        Once(_cpes, (kind, key), k => Store.GetProductCpes(k.Item1, k.Item2));
}
