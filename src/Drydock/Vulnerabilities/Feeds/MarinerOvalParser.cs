using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Microsoft's OVAL for Azure Linux and CBL-Mariner (https://github.com/microsoft/AzureLinuxVulnerabilityData): one
/// definition per CVE and package, its criteria an AND of rpminfo tests on one package whose states compare the EVR:
/// <c>less than</c> is the fix, <c>less than or equal</c> the last affected version (no fix yet), <c>greater than</c>
/// (or equal) where the affected range starts; <c>equals</c> one affected version. A definition whose
/// <c>patchable</c> is <c>Not Applicable</c> says the CVE never applied and yields no rows (as vunnel and trivy-db
/// read it). The severity is Microsoft's.
/// </summary>
internal static class MarinerOvalParser
{
    public static IEnumerable<AdvisoryRecord> Parse(OvalDefinition definition, OvalTests tests, string ns, string dataSource)
    {
        if (string.Equals(definition.Patchable, "Not Applicable", StringComparison.OrdinalIgnoreCase)) yield break;
        var id = definition.References.FirstOrDefault(r => r.Source == "CVE")?.Id ?? (definition.References.Count > 0 ? definition.References[0].Id : null)
            ?? throw new FeedRecordException($"{definition.Id}: no reference names the vulnerability; record skipped");
        var severity = SeverityNames.Parse(definition.Severity);
        var rows = new List<AffectedPackage>();
        foreach (var group in (definition.Criteria?.All() ?? []).Select(c => tests.Resolve(c.TestRef)
                     ?? throw new FeedRecordException($"{definition.Id}: test {c.TestRef ?? "(none)"} has no rpminfo object or state; record skipped"))
                     .GroupBy(t => t.Package, StringComparer.Ordinal))
        {
            string? introduced = null, fixedIn = null, lastAffected = null;
            var versions = new List<string>();
            foreach (var (_, operation, evr) in group)
            {
                switch (operation)
                {
                    case "less than": fixedIn = evr; break;
                    case "less than or equal": lastAffected = evr; break;
                    case "greater than" or "greater than or equal": introduced = evr; break;
                    case "equals": versions.Add(evr); break;
                    default: throw new FeedRecordException($"{definition.Id}: EVR operation '{operation}' is not one Drydock evaluates; record skipped");
                }
            }
            rows.Add(RpmAdvisoryRow.Create(ns, group.Key, id, fixedIn, fixedIn is null ? VulnerabilityStatus.Affected : VulnerabilityStatus.Fixed,
                severity, AdvisoryNamespaces.Family(ns), dataSource) with
            {
                Introduced = introduced,
                LastAffected = fixedIn is null ? lastAffected : null,
                Versions = fixedIn is null && lastAffected is null ? versions : [],
            });
        }
        if (rows.Count == 0) yield break;
        yield return new AdvisoryRecord(new VulnerabilityRecord
        {
            Id = id,
            Title = definition.Title,
            Description = definition.Description,
            Published = FeedFiles.Date(definition.Issued),
            References = definition.References.Select(r => r.Url).OfType<string>().Distinct().ToList(),
        }, rows);
    }
}
