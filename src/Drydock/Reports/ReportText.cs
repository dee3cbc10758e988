using System.Globalization;
using Drydock.Controls;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>The words and number formats every report uses for the model's enums and times.</summary>
internal static class ReportText
{
    /// <summary>Severities from most to least severe: the order of every count and chart.</summary>
    public static readonly Severity[] SeverityOrder = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Unknown];

    public static string Lower(Severity s) => s.ToString().ToLowerInvariant();

    public static string Upper(Severity s) => s.ToString().ToUpperInvariant();

    /// <summary>snake_case as Trivy spells statuses (<c>will_not_fix</c>, <c>end_of_life</c>).</summary>
    public static string Status(VulnerabilityStatus s) => s switch
    {
        VulnerabilityStatus.Fixed => "fixed",
        VulnerabilityStatus.Affected => "affected",
        VulnerabilityStatus.WillNotFix => "will_not_fix",
        VulnerabilityStatus.FixDeferred => "fix_deferred",
        VulnerabilityStatus.EndOfLife => "end_of_life",
        VulnerabilityStatus.NotAffected => "not_affected",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>Status with the vendor's detail and any suppression: <c>will_not_fix (unimportant) [waiver]</c>.</summary>
    public static string StatusText(Finding f) =>
        Status(f.Status) + (f.StatusDetail is null ? "" : $" ({f.StatusDetail})") + (f.Suppression is null ? "" : $" [{f.Suppression.Kind}]");

    /// <summary>One line on the tag and base: <c>current (…)</c>, <c>STALE: … now names …</c>, newer tags, base drift.</summary>
    public static string Freshness(Freshness.FreshnessReport f)
    {
        var parts = new List<string>();
        parts.Add(f.Stale switch
        {
            true => $"STALE: {f.Reference} now names {f.LatestImageId}",
            false => $"current ({f.Reference} = {f.LatestDigest})",
            null => $"unknown for {f.Reference}",
        });
        if (f.NewerTags is { Any: true } t)
            parts.Add("newer tags " + string.Join(", ", new[] { t.NewestPatch, t.NewestMinor, t.NewestMajor }.OfType<string>()));
        if (f.RebuildNeeded == true) parts.Add($"base {f.BaseImage} moved on (rebuild needed)");
        if (f.Error is not null) parts.Add(f.Error);
        return string.Join("; ", parts);
    }

    public static string Outcome(ControlOutcome o) => o.ToString().ToLowerInvariant();

    /// <summary>RFC 3339 in UTC to the second (<c>2026-01-02T03:04:05Z</c>): what SPDX requires and the others accept.</summary>
    public static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Number(double d) => d.ToString("0.0##", CultureInfo.InvariantCulture);

    /// <summary>The highest CVSS base score of a finding, if any source gave one.</summary>
    public static double? MaxScore(Finding f) => f.Cvss.Where(c => c.BaseScore is not null).Select(c => c.BaseScore).Max();

    /// <summary>
    /// A number for a severity when no CVSS score exists, inside the bands GitHub code scanning reads from
    /// <c>security-severity</c> (critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9); Trivy uses the same values.
    /// </summary>
    public static double SeverityScore(Severity s) => s switch
    {
        Severity.Critical => 9.5,
        Severity.High => 8.0,
        Severity.Medium => 5.5,
        Severity.Low => 2.0,
        _ => 0.0,
    };

    /// <summary>The one-line verdict of the gate (<c>FAILED: reason; reason</c>), or null when no gate ran.</summary>
    public static string? Verdict(Scanning.GateResult? gate) => gate is null
        ? null
        : gate.Passed ? "PASSED" : "FAILED" + (gate.Reasons.Count > 0 ? ": " + string.Join("; ", gate.Reasons) : "");
}
