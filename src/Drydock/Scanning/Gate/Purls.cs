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

    public static string BaselineKey(string vulnerabilityId, string purl) => vulnerabilityId + "|" + WithoutQualifiers(purl);
}
