using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Parses the Debian security tracker export (https://security-tracker.debian.org/tracker/data/json):
/// <c>{source: {CVE: {description, releases: {codename: {status, fixed_version, urgency, nodsa, nodsa_reason}}}}}</c>.
/// Statuses: <c>resolved</c> with a version → fixed (<c>"0"</c> → never affected); <c>open</c> → affected, refined by
/// the tracker's sub-state, which is kept in StatusDetail: <c>postponed</c> → fix_deferred, <c>ignored</c> and
/// <c>unimportant</c> → will_not_fix, urgency <c>end-of-life</c> → end_of_life, <c>no-dsa</c> stays affected;
/// <c>undetermined</c> → affected. The urgency is Debian's severity (trailing '*' marks are dropped).
/// </summary>
internal static class DebianTrackerParser
{
    public const string DataSource = "debian-tracker";

    public static IEnumerable<AdvisoryRecord> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) yield break;
        foreach (var source in root.EnumerateObject())
        {
            if (source.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var cve in source.Value.EnumerateObject())
            {
                var rows = new List<AffectedPackage>();
                if (cve.Value.TryGetProperty("releases", out var releases) && releases.ValueKind == JsonValueKind.Object)
                {
                    foreach (var release in releases.EnumerateObject())
                    {
                        if (DebianCodenames.ToVersion(release.Name) is not { } version) continue;
                        if (Row(source.Name, cve.Name, "debian:" + version, release.Value) is { } row) rows.Add(row);
                    }
                }
                var vulnerability = new VulnerabilityRecord { Id = cve.Name, Description = OsvRecordParser.Str(cve.Value, "description") };
                yield return new AdvisoryRecord(vulnerability, rows);
            }
        }
    }

    private static AffectedPackage? Row(string package, string id, string ns, JsonElement release)
    {
        var status = OsvRecordParser.Str(release, "status");
        var fixedVersion = OsvRecordParser.Str(release, "fixed_version");
        var urgency = OsvRecordParser.Str(release, "urgency")?.TrimEnd('*');
        var nodsaReason = OsvRecordParser.Str(release, "nodsa_reason");
        var nodsa = release.TryGetProperty("nodsa", out _);
        var (st, detail, fix) = status switch
        {
            "resolved" when fixedVersion is "0" => (VulnerabilityStatus.NotAffected, (string?)null, (string?)null),
            "resolved" when fixedVersion is not null => (VulnerabilityStatus.Fixed, null, fixedVersion),
            "resolved" => (VulnerabilityStatus.NotAffected, null, null),
            "undetermined" => (VulnerabilityStatus.Affected, "undetermined", null),
            _ when urgency == "end-of-life" => (VulnerabilityStatus.EndOfLife, "end-of-life", null),
            _ when nodsaReason == "postponed" => (VulnerabilityStatus.FixDeferred, "postponed", null),
            _ when nodsaReason == "ignored" => (VulnerabilityStatus.WillNotFix, "ignored", null),
            _ when urgency == "unimportant" => (VulnerabilityStatus.WillNotFix, "unimportant", null),
            _ when nodsa => (VulnerabilityStatus.Affected, "no-dsa", null),
            _ => (VulnerabilityStatus.Affected, null, null),
        };
        var severity = SeverityNames.Parse(urgency);
        return new AffectedPackage
        {
            Namespace = ns,
            Package = package,
            VulnerabilityId = id,
            VersionScheme = "deb",
            Fixed = fix,
            Status = st,
            StatusDetail = detail,
            Severity = severity,
            SeveritySource = severity == Severity.Unknown ? null : "debian",
            DataSource = DataSource,
        };
    }
}
