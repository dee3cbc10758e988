namespace Drydock.Scanning.Gate;

/// <summary>Purl comparison for waivers, VEX and baselines: qualifiers and subpath do not change which package it is.</summary>
public static class Purls
{
    public static string WithoutQualifiers(string purl)
    {
        var end = purl.IndexOfAny(['?', '#']);
        return end < 0 ? purl : purl[..end];
    }

    /// <summary>True when <paramref name="candidate"/> names <paramref name="purl"/>'s package; a versionless candidate matches every version.</summary>
    public static bool Matches(string candidate, string purl)
    {
        var c = WithoutQualifiers(candidate);
        var p = WithoutQualifiers(purl);
        if (c == p) return true;
        var at = p.LastIndexOf('@');
        return !c.Contains('@', StringComparison.Ordinal) && at > 0 && p[..at] == c;
    }

    /// <summary>The purl without version, qualifiers and subpath: type, namespace and name (a version is always encoded, so the last '@' starts it).</summary>
    public static string WithoutVersion(string purl)
    {
        var p = WithoutQualifiers(purl);
        var at = p.LastIndexOf('@');
        return at > 0 ? p[..at] : p;
    }

    /// <summary>
    /// How <c>--baseline</c> recognises a finding: vulnerability id, package (purl without version) and the file the
    /// package was found in. The version is left out: a bump that still carries the vulnerability is not new.
    /// </summary>
    public static string BaselineKey(string vulnerabilityId, string purl, string foundIn) => vulnerabilityId + "|" + WithoutVersion(purl) + "|" + foundIn;
}
