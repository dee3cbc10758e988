using Drydock.Model;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Drydock.Vulnerabilities.Versions;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// Decides whether an installed version falls in an <see cref="AffectedPackage"/> statement, with the scheme's own
/// comparer: <c>[introduced, fixed)</c>, <c>[introduced, last_affected]</c>, <c>[introduced, limit)</c>, an exact
/// version list, or (no bounds) every version. A version the comparer rejects is not matched: a guess would be a
/// false positive or a silent miss either way, and the row is reported as unevaluable by returning null (counted in
/// <see cref="MatchContext.UnevaluatedRanges"/>, which reaches the report's coverage section).
/// </summary>
internal static class RangeEvaluator
{
    public static bool? IsAffected(AffectedPackage row, string installed)
    {
        if (row.Status == VulnerabilityStatus.NotAffected) return false;
        if (row.Versions.Count > 0) return row.Versions.Contains(installed, StringComparer.Ordinal);
        if (VersionComparers.TryGet(row.VersionScheme) is not { } comparer) return null;
        var version = Clean(row.VersionScheme, installed);
        try
        {
            if (row.Introduced is { } intro && comparer.Compare(version, Clean(row.VersionScheme, intro)) < 0) return false;
            if (row.Fixed is { } fix) return comparer.Compare(version, Clean(row.VersionScheme, fix)) < 0;
            if (row.LastAffected is { } last) return comparer.Compare(version, Clean(row.VersionScheme, last)) <= 0;
            if (row.Limit is { } limit) return comparer.Compare(version, Clean(row.VersionScheme, limit)) < 0;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Why <see cref="IsAffected"/> returned null for the row: no comparer for its scheme, or a version it rejects.</summary>
    public static string WhyUnevaluable(AffectedPackage row, string installed) =>
        VersionComparers.TryGet(row.VersionScheme) is null
            ? $"no comparer for version scheme '{row.VersionScheme}'"
            : $"a version of the range or '{installed}' is not a valid {row.VersionScheme} version";

    /// <summary>Compares two fixed versions of one scheme (to pick the lowest fix); ordinal when the scheme is unknown.</summary>
    public static int CompareFixed(string scheme, string a, string b)
    {
        if (VersionComparers.TryGet(scheme) is not { } comparer) return string.CompareOrdinal(a, b);
        try { return comparer.Compare(Clean(scheme, a), Clean(scheme, b)); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException) { return string.CompareOrdinal(a, b); }
    }

    // OSV SEMVER ranges carry no 'v' (OSV schema, "SEMVER"), Go module versions do.
    private static string Clean(string scheme, string version) =>
        scheme == "semver" && version.StartsWith('v') ? version[1..] : version;
}
