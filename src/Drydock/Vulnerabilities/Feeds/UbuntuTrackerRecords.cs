using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Turns an Ubuntu CVE tracker entry into rows, one per (release, source package), keeping Ubuntu's own state as the
/// status detail: <c>released (v)</c> → fixed at v; <c>needed</c>, <c>needs-triage</c>, <c>active</c>, <c>pending</c>
/// → affected (a pending fix is not yet published); <c>deferred</c> → fix_deferred; <c>ignored</c> → will_not_fix, or
/// end_of_life when its note says the release's support ended; <c>not-affected</c> → not_affected; <c>DNE</c> (the
/// package does not exist in that release) and streams that are not releases yield nothing. The severity is the
/// package's priority override, else the CVE's (<c>negligible</c> counts as Low, <c>untriaged</c> as unknown).
/// </summary>
internal static class UbuntuTrackerRecords
{
    public const string DataSource = "ubuntu-tracker";

    public static AdvisoryRecord From(UbuntuCve cve)
    {
        var rows = new List<AffectedPackage>();
        foreach (var patch in cve.Patches)
        {
            if (UbuntuReleases.Version(patch.Release) is not { } version) continue;
            if (Status(patch) is not var (status, fixedVersion)) continue;
            var severity = SeverityNames.Parse(patch.Priority ?? cve.Priority);
            rows.Add(new AffectedPackage
            {
                Namespace = "ubuntu:" + version,
                Package = patch.Package,
                VulnerabilityId = cve.Id,
                VersionScheme = "deb",
                Fixed = fixedVersion,
                Status = status,
                StatusDetail = patch.Note is { } note && status != VulnerabilityStatus.Fixed ? patch.Status + ": " + note : patch.Status,
                Severity = severity,
                SeveritySource = severity == Severity.Unknown ? null : "ubuntu",
                DataSource = DataSource,
            });
        }
        var vulnerability = new VulnerabilityRecord
        {
            Id = cve.Id,
            Description = cve.Description,
            Published = cve.Published is { Year: > 1 } p ? p : null,
            References = cve.References,
        };
        return new AdvisoryRecord(vulnerability, rows);
    }

    private static (VulnerabilityStatus, string?)? Status(UbuntuPatch patch) => patch.Status switch
    {
        "released" when patch.Note is { Length: > 0 } v && char.IsAsciiDigit(v[0]) => (VulnerabilityStatus.Fixed, v),
        "needed" or "needs-triage" or "active" or "pending" => (VulnerabilityStatus.Affected, null),
        "deferred" => (VulnerabilityStatus.FixDeferred, null),
        "ignored" when patch.Note is { } n && (n.Contains("end of", StringComparison.OrdinalIgnoreCase) || n.Contains("EOL", StringComparison.Ordinal))
            => (VulnerabilityStatus.EndOfLife, null),
        "ignored" => (VulnerabilityStatus.WillNotFix, null),
        "not-affected" => (VulnerabilityStatus.NotAffected, null),
        _ => null, // DNE, a released line without a version, or an unknown word
    };
}
