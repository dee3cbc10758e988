using Drydock.Inventory;
using Drydock.Scanning.Gate;
using Drydock.Server.Scanning;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Server.Rematch;

/// <summary>
/// Matches the stored inventories of one batch against one store through a shared <see cref="BatchAdvisoryCache"/>:
/// each inventory goes through the scan pipeline's matchers and default gate filter (so its findings equal a fresh
/// scan's, and those of matching it alone), while advisory rows a batch's images share are read once per batch.
/// </summary>
internal sealed class BatchMatcher(IAdvisoryStore store, TimeProvider clock)
{
    private readonly BatchAdvisoryCache _cache = new(store);

    /// <summary>The unsuppressed findings of one inventory, in the scanner's order, as the server stores them.</summary>
    public IReadOnlyList<StoredFinding> Match(ImageInventory inventory)
    {
        var (findings, _) = GateEvaluator.Filter(VulnerabilityScanner.MatchAll(inventory, _cache).Findings, inventory, new GateOptions(), clock);
        return [.. findings.Where(f => f.Suppression is null).Select(ScanRunner.Stored)];
    }

    /// <summary>
    /// The same findings as <see cref="Match"/>, computed from <paramref name="previous"/> (this inventory's findings
    /// under the database the diff started from) and <paramref name="changed"/> (<see cref="AdvisoryDiff"/>): only the
    /// packages whose matcher reads a changed (namespace, package) key are matched again, with every package sharing
    /// their purl (the gate filter looks packages up by purl); the others keep their previous findings. Null when a
    /// previous finding names no package of the inventory (then only a full <see cref="Match"/> is exact).
    /// </summary>
    public (IReadOnlyList<StoredFinding> Findings, int Rematched)? MatchChanged(ImageInventory inventory, IReadOnlyList<StoredFinding> previous,
        IReadOnlySet<(string Namespace, string Package)> changed)
    {
        var purls = inventory.Packages.Select(p => p.Purl).ToHashSet(StringComparer.Ordinal);
        if (previous.Any(f => !purls.Contains(f.Purl))) return null;
        var again = new HashSet<string>(StringComparer.Ordinal);
        var probe = new KeyProbeStore(_cache);
        foreach (var package in inventory.Packages.Where(p => !p.IsApplication && !again.Contains(p.Purl)))
        {
            probe.Keys.Clear();
            // One package at a time through the scanner itself (its choice of matcher), each with a fresh match context.
            _ = VulnerabilityScanner.MatchAll(inventory with { Packages = [package] }, probe);
            // The package's one or two keys looked up in the changed set (Overlaps would walk every changed key).
            if (probe.Keys.Any(changed.Contains)) again.Add(package.Purl);
        }
        var kept = previous.Where(f => !again.Contains(f.Purl));
        if (again.Count == 0) return ([.. kept], 0);
        var subset = inventory with { Packages = [.. inventory.Packages.Where(p => again.Contains(p.Purl))] };
        return ([.. kept, .. Match(subset)], subset.Packages.Count);
    }

    /// <summary>
    /// Records the (namespace, package) keys a matcher reads and answers them with no rows; everything else the
    /// matchers read (product CPEs, a namespace's sources, a family's namespaces: unchanged when a diff exists) is the
    /// store's own answer, so the keys read are those a real match reads (a matcher's key reads never depend on the rows).
    /// </summary>
    private sealed class KeyProbeStore(IAdvisoryStore inner) : IAdvisoryStore
    {
        public HashSet<(string, string)> Keys { get; } = [];

        public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package)
        {
            Keys.Add((ns, package));
            return [];
        }

        public VulnerabilityRecord? GetVulnerability(string id) => inner.GetVulnerability(id);

        public IReadOnlyDictionary<string, VulnerabilityRecord> GetVulnerabilities(IReadOnlyCollection<string> ids) => inner.GetVulnerabilities(ids);

        public IReadOnlyList<string> SourcesOf(string ns) => inner.SourcesOf(ns);

        public IReadOnlyList<string> NamespacesOf(string family) => inner.NamespacesOf(family);

        public IReadOnlyList<string> GetProductCpes(string kind, string key) => inner.GetProductCpes(kind, key);
    }
}
