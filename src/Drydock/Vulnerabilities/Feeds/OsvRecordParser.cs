using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Parses one OSV record (https://ossf.github.io/osv-schema/) into an <see cref="AdvisoryRecord"/>. Each
/// <c>affected[]</c> entry becomes one row per range: <c>ranges[].events</c> are read in order, an <c>introduced</c>
/// opens a range and the next <c>fixed</c>, <c>last_affected</c> or <c>limit</c> closes it (schema §"Evaluation").
/// <c>GIT</c> ranges hold commits, not versions, so they are skipped and <c>versions[]</c> is used when nothing
/// else is given. A record withdrawn before <c>now</c> (the import time) yields null.
/// </summary>
internal static class OsvRecordParser
{
    public static AdvisoryRecord? Parse(JsonElement root, DateTimeOffset now, string name = "record")
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idElement)) return null;
        if (FeedFiles.Date(Str(root, "withdrawn")) is { } withdrawn && withdrawn <= now) return null;
        var id = idElement.GetString()!;
        var vendorSeverity = Severity.Unknown;
        var cvss = new List<CvssRating>();
        if (root.TryGetProperty("severity", out var severities) && severities.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in severities.EnumerateArray())
            {
                var type = Str(s, "type");
                var score = Str(s, "score");
                if (type is null || score is null) continue;
                if (type.StartsWith("CVSS_V", StringComparison.Ordinal))
                {
                    var version = CvssVersion(type, score);
                    double? value = null; // OSV gives vectors only; the score comes from NVD when it rates the CVE.
                    cvss.Add(new CvssRating(SourceOf(id), version, score, value, SeverityNames.FromScore(value, version)));
                }
                else vendorSeverity = SeverityNames.Parse(score); // "Ubuntu": "medium"
            }
        }
        if (root.TryGetProperty("database_specific", out var dbSpecific) && dbSpecific.ValueKind == JsonValueKind.Object
            && SeverityNames.Parse(Str(dbSpecific, "severity")) is var dbSeverity and not Severity.Unknown)
            vendorSeverity = dbSeverity;

        var affected = new List<AffectedPackage>();
        if (root.TryGetProperty("affected", out var affectedArray) && affectedArray.ValueKind == JsonValueKind.Array)
        {
            Bound(affectedArray.GetArrayLength(), FeedLimits.MaxAffected, "affected entries", name, id);
            foreach (var a in affectedArray.EnumerateArray())
            {
                AddAffected(id, a, vendorSeverity, affected, name);
                Bound(affected.Count, FeedLimits.MaxRowsPerRecord, "affected ranges", name, id);
            }
        }

        var vulnerability = new VulnerabilityRecord
        {
            Id = id,
            Title = Str(root, "summary"),
            Description = Str(root, "details"),
            Published = FeedFiles.Date(Str(root, "published")),
            Modified = FeedFiles.Date(Str(root, "modified")),
            Aliases = Strings(root, "aliases").Concat(Strings(root, "upstream")).Where(a => a != id).Distinct().ToList(),
            Cvss = cvss,
            References = root.TryGetProperty("references", out var refs) && refs.ValueKind == JsonValueKind.Array
                ? refs.EnumerateArray().Select(r => Str(r, "url")).OfType<string>().Distinct().ToList()
                : [],
        };
        return new AdvisoryRecord(vulnerability, affected);
    }

    private static void AddAffected(string id, JsonElement a, Severity recordSeverity, List<AffectedPackage> into, string name)
    {
        if (!a.TryGetProperty("package", out var package)) return;
        var ecosystem = Str(package, "ecosystem");
        var packageName = Str(package, "name");
        if (ecosystem is null || packageName is null) return;
        var ns = AdvisoryNamespaces.FromOsvEcosystem(ecosystem);
        if (ns is null) return;
        var severity = recordSeverity;
        if (a.TryGetProperty("ecosystem_specific", out var eco) && eco.ValueKind == JsonValueKind.Object
            && SeverityNames.Parse(Str(eco, "severity")) is var ecoSeverity and not Severity.Unknown)
            severity = ecoSeverity;
        var template = new AffectedPackage
        {
            Namespace = ns,
            Package = PackageNames.Normalize(ns, packageName),
            VulnerabilityId = id,
            VersionScheme = AdvisoryNamespaces.SchemeOf(ns),
            Severity = severity,
            SeveritySource = severity == Severity.Unknown ? null : SourceOf(id),
            DataSource = "osv:" + ecosystem.Split(':')[0],
        };
        var before = into.Count;
        if (a.TryGetProperty("ranges", out var ranges) && ranges.ValueKind == JsonValueKind.Array)
        {
            Bound(ranges.GetArrayLength(), FeedLimits.MaxRangesOrEvents, "ranges in one affected entry", name, id);
            foreach (var range in ranges.EnumerateArray())
            {
                var type = Str(range, "type");
                if (type is not ("ECOSYSTEM" or "SEMVER") || !range.TryGetProperty("events", out var events)) continue;
                Bound(events.GetArrayLength(), FeedLimits.MaxRangesOrEvents, "events in one range", name, id);
                var scheme = type == "SEMVER" ? "semver" : template.VersionScheme;
                AddRanges(template with { VersionScheme = scheme }, events, into);
            }
        }
        var versions = Strings(a, "versions").ToList();
        if (into.Count == before && versions.Count > 0)
            into.Add(template with { Versions = versions });
    }

    private static void AddRanges(AffectedPackage template, JsonElement events, List<AffectedPackage> into)
    {
        string? introduced = null;
        var open = false;
        foreach (var e in events.EnumerateArray())
        {
            foreach (var p in e.EnumerateObject())
            {
                var value = p.Value.GetString();
                switch (p.Name)
                {
                    case "introduced":
                        if (open) into.Add(template with { Introduced = introduced });
                        introduced = value is "0" ? null : value;
                        open = true;
                        break;
                    case "fixed":
                        into.Add(template with { Introduced = introduced, Fixed = value, Status = VulnerabilityStatus.Fixed });
                        open = false;
                        break;
                    case "last_affected":
                        into.Add(template with { Introduced = introduced, LastAffected = value });
                        open = false;
                        break;
                    case "limit":
                        into.Add(template with { Introduced = introduced, Limit = value is "*" ? null : value });
                        open = false;
                        break;
                }
            }
        }
        if (open) into.Add(template with { Introduced = introduced });
    }

    private static void Bound(int count, int max, string what, string name, string id)
    {
        if (count > max) throw new FeedRecordException($"{name}: {id} has more than {max} {what}; record skipped");
    }

    /// <summary>Who rated a record: the id prefix (<c>GHSA-…</c> → ghsa, <c>PYSEC-…</c> → pysec).</summary>
    private static string SourceOf(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return (dash > 0 ? id[..dash] : id).ToLowerInvariant();
    }

    private static string CvssVersion(string type, string vector) =>
        vector.StartsWith("CVSS:", StringComparison.Ordinal) ? vector[5..vector.IndexOf('/', StringComparison.Ordinal)] : type == "CVSS_V2" ? "2.0" : type[6..] + ".0";

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static IEnumerable<string> Strings(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)
            : [];
}
