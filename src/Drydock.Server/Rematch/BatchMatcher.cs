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
}
