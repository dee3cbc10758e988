using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// One scan's view of the store: lookups plus a cache of vulnerability details, so a CVE that hits twenty packages
/// is read once. Not thread-safe; one per scan.
/// </summary>
public sealed class MatchContext(IAdvisoryStore store)
{
    private readonly Dictionary<string, VulnerabilityRecord?> _details = new(StringComparer.Ordinal);

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
}
