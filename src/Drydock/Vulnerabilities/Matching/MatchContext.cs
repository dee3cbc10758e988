using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// One scan's view of the store: lookups plus a cache of vulnerability details, so a CVE that hits twenty packages
/// is read once. Not thread-safe; one per scan.
/// </summary>
public sealed class MatchContext(IAdvisoryStore store)
{
    private readonly Dictionary<string, VulnerabilityRecord?> _details = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), IReadOnlyList<string>> _cpes = [];

    public IAdvisoryStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

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
    public IReadOnlyList<string> ProductCpes(string kind, string key)
    {
        if (!_cpes.TryGetValue((kind, key), out var cpes))
        {
            cpes = Store.GetProductCpes(kind, key);
            _cpes[(kind, key)] = cpes;
        }
        return cpes;
    }
}
