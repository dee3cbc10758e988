using Drydock.Policy;

namespace Drydock.Bases;

/// <summary>
/// Where an image's layer chain leaves every trusted base: the longest common prefix over all trusted candidates
/// (<see cref="CommonLayers"/> bottom layers shared with <see cref="Closest"/>), and the first layer past it
/// (<see cref="LayerIndex"/>, null when the image's whole chain lies inside a trusted base's).
/// </summary>
public sealed record TrustedChainDivergence(int CommonLayers, string Closest, int Candidates, int? LayerIndex, string? LayerDiffId, string? LayerDigest)
{
    /// <summary>Null when no candidate is trusted by the policy; ties on the prefix length go to the ordinally first reference.</summary>
    public static TrustedChainDivergence? Find(IReadOnlyList<string> diffIds, IReadOnlyList<string> layerDigests, IEnumerable<BaseCatalogEntry> candidates, DrydockPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(diffIds);
        ArgumentNullException.ThrowIfNull(layerDigests);
        var trusted = candidates
            .Where(e => e.DiffIds.Count > 0 && TrustedBaseMatcher.Evaluate(policy, e.Reference, e.Digest).Trusted)
            .Select(e => (Entry: e, Common: CommonPrefix(diffIds, e.DiffIds)))
            .OrderByDescending(c => c.Common)
            .ThenBy(c => c.Entry.Reference, StringComparer.Ordinal)
            .ToList();
        if (trusted.Count == 0) return null;
        var (best, common) = trusted[0];
        var at = common < diffIds.Count ? common : (int?)null;
        return new TrustedChainDivergence(common, best.Reference + (best.Digest is null ? "" : "@" + best.Digest), trusted.Count, at,
            at is { } i ? diffIds[i] : null, at is { } j && j < layerDigests.Count ? layerDigests[j] : null);
    }

    private static int CommonPrefix(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var n = 0;
        while (n < a.Count && n < b.Count && string.Equals(a[n], b[n], StringComparison.Ordinal)) n++;
        return n;
    }
}
