using Drydock.Inventory;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Scanning;

/// <summary>
/// Works out a scan's <see cref="ScanCoverage"/> from what it found: the inventory's OS and ecosystems against the
/// namespaces the database holds rows for (not against the matchers that exist: a matcher with no feed behind it
/// covers nothing), the ranges matching could not evaluate, the inventory's and the layer walk's warnings, and a
/// freshness lookup that failed.
/// </summary>
internal static class CoverageAssessor
{
    /// <summary>
    /// The coverage of one scan. <paramref name="targets"/> come from <see cref="Targets"/> (null when no database was
    /// used); <paramref name="freshnessFailure"/> is why a freshness lookup that was asked for gave no answer.
    /// </summary>
    public static ScanCoverage Assess(
        ImageInventory inventory, IReadOnlyList<CoverageTarget>? targets, MatchResult? match, IReadOnlyList<string> layerWarnings, string? freshnessFailure)
    {
        var gaps = new List<CoverageGap>();
        gaps.AddRange((targets ?? []).Where(t => !t.Covered).Select(t => new CoverageGap("not-covered", $"{t.Name} ({t.Packages} package{(t.Packages == 1 ? "" : "s")}): not covered: {t.NotCoveredReason}")));
        if (match is { UnevaluatedRanges: > 0 } m)
            gaps.Add(new CoverageGap("unevaluated-ranges", $"{m.UnevaluatedRanges} advisory range{(m.UnevaluatedRanges == 1 ? "" : "s")} could not be evaluated, e.g. {m.UnevaluatedExample}"));
        gaps.AddRange(inventory.Warnings.Select(w => new CoverageGap("inventory", w.ToString(), w.Path, w.LayerIndex)));
        gaps.AddRange(layerWarnings.Order(StringComparer.Ordinal).Select(w => new CoverageGap("layer", w)));
        if (freshnessFailure is not null) gaps.Add(new CoverageGap("freshness", "freshness could not be determined: " + freshnessFailure));
        return new ScanCoverage
        {
            Matched = targets is not null,
            Targets = targets ?? [],
            Gaps = gaps,
            UnevaluatedRanges = match?.UnevaluatedRanges ?? 0,
            UnevaluatedExample = match?.UnevaluatedExample,
        };
    }

    /// <summary>The inventory's OS release and ecosystems, each with the data sources the database holds for its namespace.</summary>
    public static IReadOnlyList<CoverageTarget> Targets(ImageInventory inventory, IAdvisoryStore store, IReadOnlyList<IMatcher> matchers)
    {
        var targets = new List<CoverageTarget>();
        var os = inventory.Os;
        var osPackages = inventory.Packages.Where(p => p.Type.IsOsPackage()).ToList();
        if (osPackages.Count > 0)
            targets.Add(OsTarget(os, osPackages, store, matchers));
        foreach (var group in inventory.Packages.Where(p => !p.Type.IsOsPackage()).GroupBy(p => p.Type).OrderBy(g => g.Key))
        {
            var ns = AdvisoryNamespaces.ForPackageType(group.Key)!;
            var sources = store.SourcesOf(ns);
            targets.Add(new CoverageTarget("ecosystem", ns, group.Count(), ns, sources,
                sources.Count == 0 ? $"the database has no {ns} advisories" : null));
        }
        return targets;
    }

    private static CoverageTarget OsTarget(OsInfo os, List<Package> packages, IAdvisoryStore store, IReadOnlyList<IMatcher> matchers)
    {
        var name = os.IsUnknown ? "unknown OS" : $"{os.Family} {os.Version}".Trim();
        if (os.IsUnknown)
            return new CoverageTarget("os", name, packages.Count, null, [], "the OS could not be identified, so its packages are matched against no distribution's data");
        var ns = AdvisoryNamespaces.ForOs(os);
        if (ns is null)
            return new CoverageTarget("os", name, packages.Count, null, [], $"Drydock knows no advisory feed for {os.Family}");
        if (packages.Count > 0 && !packages.Any(p => VulnerabilityScanner.HasMatcher(os, p, matchers)))
            return new CoverageTarget("os", name, packages.Count, ns, [], $"no matcher reads {packages[0].Type.PurlType()} packages on {os.Family}");
        var sources = store.SourcesOf(ns);
        if (sources.Count > 0) return new CoverageTarget("os", name, packages.Count, ns, sources, null);
        var family = AdvisoryNamespaces.Family(ns);
        var others = store.NamespacesOf(family);
        var why = others.Count == 0
            ? $"the database has no advisories for {family} (no feed of it was loaded)"
            : $"the database has no advisories for {ns} (it has {string.Join(", ", others)})";
        return new CoverageTarget("os", name, packages.Count, ns, [], why);
    }
}
