using System.Globalization;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.4 "Ensure images are scanned and rebuilt to include security patches": the image was scanned (a database
/// was matched) and needs no rebuild — no vulnerability the gate counts has a fix available, and the base image has
/// not moved on since the build (its current layers are still a prefix of ours). Unfixed vulnerabilities do not fail
/// this control: a rebuild cannot remove them (the gate still counts them unless <c>--ignore-unfixed</c>).
/// </summary>
internal sealed class Cis44PatchedImageControl : IControl
{
    public string Id => "CIS-4.4";

    public string Title => "Image is scanned and rebuilt with available security patches";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        // Without a vulnerability scan only the base can say "rebuild"; a current base then proves nothing.
        if (context.Findings is null && context.Freshness?.RebuildNeeded != true)
            return ControlResults.Skip(this, context, Severity.High, "Vulnerability scanning did not run (no database, or --scanners without vuln).");
        var findings = context.Findings ?? [];
        var fixable = findings.Where(f => f.Suppression is null && f.IsFixable).ToList();
        var evidence = fixable
            .GroupBy(f => (f.PackageName, f.InstalledVersion, f.LayerIndex))
            .OrderByDescending(g => g.Max(f => f.Severity)).ThenBy(g => g.Key.PackageName, StringComparer.Ordinal)
            .Select(g => new Evidence
            {
                Message = $"{g.Key.PackageName} {g.Key.InstalledVersion} → {FixedVersions(g.Select(f => f.FixedVersion!))} fixes " +
                          string.Join(", ", g.OrderByDescending(f => f.Severity).ThenBy(f => f.VulnerabilityId, StringComparer.Ordinal).Select(f => $"{f.VulnerabilityId} ({f.Severity.ToString().ToUpperInvariant()})")),
                LayerIndex = g.Key.LayerIndex >= 0 ? g.Key.LayerIndex : null,
            })
            .ToList();
        var reasons = new List<string>();
        if (fixable.Count > 0)
        {
            var counts = fixable.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToUpperInvariant()}");
            reasons.Add($"{fixable.Count} vulnerabilit{(fixable.Count == 1 ? "y has a fix" : "ies have fixes")} ({string.Join(", ", counts)}) in {evidence.Count} package(s)");
        }
        if (context.Freshness is { RebuildNeeded: true } fresh)
        {
            reasons.Add($"the base image {fresh.BaseImage} moved on");
            evidence.Add(new Evidence { Message = $"base {fresh.BaseImage} now resolves to {fresh.BaseLatestDigest}, whose layers are no longer a prefix of this image's" });
        }
        var scanned = context.DatabaseBuiltAt is { } at ? $"Scanned against the database built {at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "Scanned";
        if (reasons.Count == 0)
        {
            var unfixed = findings.Count(f => f.Suppression is null && !f.IsFixable);
            var baseNote = context.Freshness?.RebuildNeeded == false ? "; the base image is current" : "";
            return ControlResults.Pass(this, context, Severity.High, $"{scanned}: no counted vulnerability has a fix available ({unfixed} without a fix){baseNote}.");
        }
        var severity = fixable.Count > 0 ? fixable.Max(f => f.Severity) : Severity.Medium;
        return ControlResults.Fail(this, context, severity, $"Rebuild needed: {string.Join("; ", reasons)}.", evidence);
    }

    /// <summary>The fixed versions of one package's findings, joined when they differ (a rebuild takes the newest).</summary>
    private static string FixedVersions(IEnumerable<string> versions)
    {
        var distinct = versions.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : string.Join(" / ", distinct.Order(StringComparer.Ordinal));
    }
}
