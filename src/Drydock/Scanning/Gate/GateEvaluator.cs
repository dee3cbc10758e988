using Drydock.Controls;
using Drydock.Inventory;
using Drydock.Vulnerabilities;

namespace Drydock.Scanning.Gate;

/// <summary>
/// The only place that decides the exit code. Filters findings as Trivy does, marks suppressed ones (waiver, VEX,
/// baseline, grace period) and fails on what is left at the gate's severities, on failed controls, on an
/// end-of-life OS and on an image older than the maximum age — each failure with its reason.
/// </summary>
public static class GateEvaluator
{
    /// <summary>The id an ignore file names to waive <see cref="GateOptions.FailOnIncomplete"/> (every coverage gap).</summary>
    public const string IncompleteId = "DRYDOCK-INCOMPLETE";

    public static (IReadOnlyList<Finding> Findings, GateResult Gate, IReadOnlyList<string> Warnings) Evaluate(
        IReadOnlyList<Finding> findings,
        IReadOnlyList<ControlResult> controls,
        ImageInventory inventory,
        bool endOfLife,
        DateTimeOffset? imageCreated,
        GateOptions options,
        TimeProvider clock)
    {
        var (kept, warnings) = Filter(findings, inventory, options, clock);
        return (kept, Decide(kept, controls, inventory, endOfLife, imageCreated, options, clock), warnings);
    }

    /// <summary>
    /// The findings the gate looks at: Trivy's filters (severity, package type, unfixed, status) applied, and each
    /// remaining one marked when a waiver, VEX statement, the baseline or the grace period suppresses it. The controls
    /// that judge vulnerabilities (CIS 4.4) see exactly these. Warnings name expired waivers.
    /// </summary>
    public static (IReadOnlyList<Finding> Findings, IReadOnlyList<string> Warnings) Filter(
        IReadOnlyList<Finding> findings, ImageInventory inventory, GateOptions options, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var warnings = options.Waivers.Where(w => w.IsExpired(today))
            .Select(w => $"waiver for {w.Id} (ignore file line {w.Line}) expired on {w.Expires:yyyy-MM-dd}; it no longer applies")
            .ToList();
        var active = ActiveWaivers(options, today);
        var typeOf = inventory.Packages.GroupBy(p => p.Purl).ToDictionary(g => g.Key, g => g.First().Type);
        var foundIn = inventory.Packages.GroupBy(p => p.Purl).ToDictionary(g => g.Key, g => g.Select(p => p.FoundIn).Distinct().ToList());
        var kept = findings
            .Where(f => options.Severities.Contains(f.Severity))
            .Where(f => !typeOf.TryGetValue(f.PackagePurl, out var t) || options.Includes(t))
            .Where(f => !(options.IgnoreUnfixed && f.FixedVersion is null))
            .Where(f => !options.IgnoreStatuses.Contains(f.Status))
            .Select(f => f with { Suppression = Suppress(f, foundIn.GetValueOrDefault(f.PackagePurl) ?? [""], active, options, now) })
            .ToList();
        return (kept, warnings);
    }

    /// <summary>
    /// The verdict over findings already <see cref="Filter"/>ed, the controls, the OS lifecycle, the image age and the
    /// scan's <paramref name="coverage"/>: with <see cref="GateOptions.FailOnStale"/> a freshness that could not be
    /// determined fails (a gate named fail-stale must not pass on "don't know"), and with
    /// <see cref="GateOptions.FailOnIncomplete"/> every coverage gap is a reason.
    /// </summary>
    public static GateResult Decide(
        IReadOnlyList<Finding> kept,
        IReadOnlyList<ControlResult> controls,
        ImageInventory inventory,
        bool endOfLife,
        DateTimeOffset? imageCreated,
        GateOptions options,
        TimeProvider clock,
        ScanCoverage? coverage = null)
    {
        var now = clock.GetUtcNow();
        var active = ActiveWaivers(options, DateOnly.FromDateTime(now.UtcDateTime));
        var reasons = new List<string>();
        var counted = kept.Where(f => f.Suppression is null).ToList();
        if (counted.Count > 0)
        {
            var bySeverity = counted.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToUpperInvariant()}");
            reasons.Add($"{counted.Count} vulnerabilit{(counted.Count == 1 ? "y" : "ies")} ({string.Join(", ", bySeverity)}; {counted.Count(f => f.IsFixable)} fixable)");
        }
        // A stale digest fails the gate whatever its severity when asked (--fail-stale), like --max-age.
        foreach (var c in controls.Where(c => c.Outcome == ControlOutcome.Fail))
        {
            var counts = options.FailOnControls && options.Severities.Contains(c.Severity) || options.FailOnStale && c.Id == ControlCatalog.FreshnessControlId;
            if (!counts || active.Any(w => w.Id.Equals(c.Id, StringComparison.OrdinalIgnoreCase))) continue;
            reasons.Add($"{c.Id} failed: {c.Summary}");
        }
        if (endOfLife && options.FailOnEndOfLife && !active.Any(w => w.Id == "DRYDOCK-EOL"))
            reasons.Add($"the OS ({inventory.Os.Family} {inventory.Os.Version}) is past its end of life");
        if (options.MaxImageAgeDays is { } maxAge && imageCreated is { } created && (now - created).TotalDays > maxAge && !active.Any(w => w.Id == "DRYDOCK-MAX-AGE"))
            reasons.Add($"the image was built {(int)(now - created).TotalDays} days ago, over the maximum age of {maxAge} days");

        var gaps = coverage?.Gaps ?? [];
        if (options.FailOnStale && !active.Any(w => w.Id == ControlCatalog.FreshnessControlId))
            reasons.AddRange(gaps.Where(g => g.Kind == "freshness").Select(g => $"{ControlCatalog.FreshnessControlId}: {g.Message}"));
        if (options.FailOnIncomplete && !active.Any(w => w.Id == IncompleteId))
            reasons.AddRange(gaps.Select(g => "incomplete: " + g.Message));

        var passed = reasons.Count == 0;
        return new GateResult(passed, passed ? ExitCodes.Success : options.ExitCode, reasons) { IgnoreFile = options.IgnoreFile };
    }

    private static List<Waiver> ActiveWaivers(GateOptions options, DateOnly today) => options.Waivers.Where(w => !w.IsExpired(today)).ToList();

    private static Suppression? Suppress(Finding f, IReadOnlyList<string> foundIn, IReadOnlyList<Waiver> waivers, GateOptions options, DateTimeOffset now)
    {
        var ids = f.Aliases.Prepend(f.VulnerabilityId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var waiver = waivers.FirstOrDefault(w => ids.Contains(w.Id) && (w.PurlPrefix is null || Purls.Matches(w.PurlPrefix, f.PackagePurl) || f.PackagePurl.StartsWith(w.PurlPrefix, StringComparison.Ordinal)));
        if (waiver is not null)
            return new Suppression("waiver", waiver.Reason ?? $"ignore file line {waiver.Line}", waiver.Owner, waiver.Expires);

        var vex = options.Vex.FirstOrDefault(s => (ids.Contains(s.Vulnerability) || s.Aliases.Any(ids.Contains))
            && s.Status is "not_affected" or "fixed"
            && AppliesTo(s, f.PackagePurl));
        if (vex is not null)
            return new Suppression("vex", vex.Statement ?? $"VEX: {vex.Status}", Justification: vex.Justification ?? vex.Status);

        if (options.Baseline is { } baseline && foundIn.Any(path => baseline.Contains(Purls.BaselineKey(f.VulnerabilityId, f.PackagePurl, path))))
            return new Suppression("baseline", "accepted in the baseline report");

        if (options.MinAgeDays is { } days && f.Published is { } published && (now - published).TotalDays < days)
            return new Suppression("min-age", $"published {published:yyyy-MM-dd}, within the {days}-day grace period");
        return null;
    }

    /// <summary>A statement applies when a subcomponent names the package, or (without subcomponents) a product does or names an image.</summary>
    private static bool AppliesTo(VexStatement s, string purl)
    {
        if (s.Subcomponents.Count > 0) return s.Subcomponents.Any(c => Purls.Matches(c, purl));
        return s.Products.Count == 0 || s.Products.Any(p => Purls.Matches(p, purl) || p.StartsWith("pkg:oci/", StringComparison.Ordinal) || !p.StartsWith("pkg:", StringComparison.Ordinal));
    }
}
