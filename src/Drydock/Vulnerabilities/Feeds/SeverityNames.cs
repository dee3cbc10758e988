using Drydock.Model;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>Vendor severity words and CVSS scores mapped onto <see cref="Severity"/>.</summary>
public static class SeverityNames
{
    /// <summary>
    /// Parses a vendor's word: Debian urgencies (<c>unimportant</c> and Ubuntu's <c>negligible</c> are Low), GHSA's
    /// <c>MODERATE</c>, Red Hat's <c>important</c>/<c>moderate</c>. Anything else (<c>not yet assigned</c>) is Unknown.
    /// </summary>
    public static Severity Parse(string? word) => word?.Trim().TrimEnd('*').ToUpperInvariant() switch
    {
        "LOW" or "NEGLIGIBLE" or "UNIMPORTANT" => Severity.Low,
        "MEDIUM" or "MODERATE" => Severity.Medium,
        "HIGH" or "IMPORTANT" => Severity.High,
        "CRITICAL" => Severity.Critical,
        _ => Severity.Unknown,
    };

    /// <summary>The qualitative rating of a CVSS base score (CVSS v3.1 spec §5; v2 has no Critical band).</summary>
    public static Severity FromScore(double? score, string version) => score switch
    {
        null or <= 0 => Severity.Unknown,
        < 4.0 => Severity.Low,
        < 7.0 => Severity.Medium,
        < 9.0 => Severity.High,
        _ when version.StartsWith('2') => Severity.High,
        _ => Severity.Critical,
    };

    /// <summary>Lower-case name used in the database and reports.</summary>
    public static string ToName(Severity severity) => severity.ToString().ToUpperInvariant();
}
