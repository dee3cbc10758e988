using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Oracle Linux ELSA OVAL (https://linux.oracle.com/security/oval/): one definition per ELSA, its criteria a tree whose
/// criterion comments carry the meaning (as trivy-db and vunnel read them): <c>Oracle Linux 8 is installed</c> names the
/// release, <c>Oracle Linux arch is x86_64</c> the architecture, <c>P is earlier than EVR</c> a package and its fix;
/// a release or arch applies to the criteria nested beside it. One row per CVE the ELSA names (the ELSA id when it
/// names none) and package, the ELSA id an alias of each CVE, Oracle's severity. Builds of another line than the
/// plain one (Ksplice user-space <c>…ksplice1.el8</c>, FIPS <c>…el8_fips</c>) are not stored: their versions are not
/// comparable with the plain packages a container holds (trivy-db keeps them as flavours chosen by the installed
/// release). The architecture of a fix is not stored.
/// </summary>
internal static class OracleOvalParser
{
    private const string Earlier = " is earlier than ";

    public static IEnumerable<AdvisoryRecord> Parse(OvalDefinition definition, string dataSource)
    {
        var elsa = definition.References.FirstOrDefault(r => string.Equals(r.Source, "elsa", StringComparison.OrdinalIgnoreCase))?.Id
            ?? (definition.Title?.Split(':')[0].Trim() is { Length: > 0 } t && t.StartsWith("ELSA-", StringComparison.Ordinal) ? t : null);
        var cves = definition.References.Where(r => r.Source == "CVE").Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
        var ids = cves.Count > 0 ? cves : elsa is not null ? [elsa] : throw new FeedRecordException($"{definition.Id}: names neither a CVE nor an ELSA; record skipped");
        var fixes = new List<(string Release, string Package, string Evr)>();
        if (definition.Criteria is { } criteria) Walk(criteria, null, fixes);
        var severity = SeverityNames.Parse(definition.Severity);
        var rows = fixes.Where(f => !IsOtherBuildLine(f.Evr)).Distinct()
            .SelectMany(f => ids.Select(id => RpmAdvisoryRow.Create("oracle:" + f.Release, f.Package, id, f.Evr, VulnerabilityStatus.Fixed, severity, "oracle", dataSource)))
            .ToList();
        foreach (var id in ids)
            yield return new AdvisoryRecord(new VulnerabilityRecord
            {
                Id = id,
                Title = definition.Title,
                Description = definition.Description,
                Published = FeedFiles.Date(definition.Issued),
                Aliases = elsa is not null && elsa != id ? [elsa] : [],
                References = definition.References.Select(r => r.Url).OfType<string>().Distinct().ToList(),
            }, rows.Where(r => r.VulnerabilityId == id).ToList());
    }

    private static void Walk(OvalCriteria criteria, string? release, List<(string, string, string)> fixes)
    {
        foreach (var comment in criteria.Criterions.Select(c => c.Comment ?? ""))
            if (comment.StartsWith("Oracle Linux ", StringComparison.Ordinal) && comment.EndsWith(" is installed", StringComparison.Ordinal))
                release = AdvisoryNamespaces.FirstNumber(comment, 1);
        foreach (var comment in criteria.Criterions.Select(c => c.Comment ?? ""))
        {
            var at = comment.IndexOf(Earlier, StringComparison.Ordinal);
            if (at <= 0 || release is null) continue;
            var package = comment[..at].Trim();
            var evr = comment[(at + Earlier.Length)..].Trim();
            if (package.Length > 0 && evr.Length > 0) fixes.Add((release, package, evr));
        }
        foreach (var child in criteria.Criterias) Walk(child, release, fixes);
    }

    private static bool IsOtherBuildLine(string evr) =>
        evr.Contains("ksplice", StringComparison.Ordinal) || evr.EndsWith("_fips", StringComparison.Ordinal);
}
