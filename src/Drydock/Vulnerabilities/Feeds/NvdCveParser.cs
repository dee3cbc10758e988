using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Parses NVD CVE API 2.0 JSON (https://nvd.nist.gov/developers/vulnerabilities): a response or feed
/// <c>{vulnerabilities: [{cve: {…}}]}</c>, or one bare <c>cve</c> object. Keeps description, dates, references and
/// the CVSS metrics (v4.0, v3.1, v3.0, v2) of the Primary (NVD's own) rating; NVD states no affected package
/// statements Drydock can match, so records carry no rows — NVD only rates.
/// </summary>
internal static class NvdCveParser
{
    private static readonly string[] MetricKeys = ["cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"];

    public static IEnumerable<AdvisoryRecord> Parse(JsonElement root)
    {
        if (root.TryGetProperty("vulnerabilities", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
                if (item.TryGetProperty("cve", out var cve) && Record(cve) is { } r) yield return r;
        }
        else if (Record(root) is { } single) yield return single;
    }

    // CVSS 4.0 §"Vector String": "X" (Not Defined) metrics may be omitted; NVD spells all of them out, we keep the short form.
    private static string WithoutNotDefined(string vector) =>
        vector.StartsWith("CVSS:4", StringComparison.Ordinal) ? string.Join('/', vector.Split('/').Where(p => !p.EndsWith(":X", StringComparison.Ordinal))) : vector;

    private static AdvisoryRecord? Record(JsonElement cve)
    {
        if (OsvRecordParser.Str(cve, "id") is not { } id) return null;
        var description = cve.TryGetProperty("descriptions", out var ds) && ds.ValueKind == JsonValueKind.Array
            ? ds.EnumerateArray().Where(d => OsvRecordParser.Str(d, "lang") == "en").Select(d => OsvRecordParser.Str(d, "value")).FirstOrDefault()
            : null;
        var cvss = new List<CvssRating>();
        if (cve.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            foreach (var key in MetricKeys)
            {
                if (!metrics.TryGetProperty(key, out var entries) || entries.ValueKind != JsonValueKind.Array) continue;
                // Only NVD's own rating ("Primary"); a CNA's ("Secondary") is the vendor's view, not NVD's (as trivy-db).
                var chosen = entries.EnumerateArray().FirstOrDefault(e => OsvRecordParser.Str(e, "type") == "Primary");
                if (chosen.ValueKind != JsonValueKind.Object || !chosen.TryGetProperty("cvssData", out var data)) continue;
                var version = OsvRecordParser.Str(data, "version") ?? "";
                var vector = WithoutNotDefined(OsvRecordParser.Str(data, "vectorString") ?? "");
                double? score = data.TryGetProperty("baseScore", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null;
                var word = OsvRecordParser.Str(data, "baseSeverity") ?? OsvRecordParser.Str(chosen, "baseSeverity");
                var severity = SeverityNames.Parse(word) is var w and not Severity.Unknown ? w : SeverityNames.FromScore(score, version);
                cvss.Add(new CvssRating("nvd", version, vector, score, severity));
            }
        }
        var references = cve.TryGetProperty("references", out var refs) && refs.ValueKind == JsonValueKind.Array
            ? refs.EnumerateArray().Select(r => OsvRecordParser.Str(r, "url")).OfType<string>().Distinct().ToList()
            : [];
        var vulnerability = new VulnerabilityRecord
        {
            Id = id,
            Description = description,
            Published = FeedFiles.Date(OsvRecordParser.Str(cve, "published")),
            Modified = FeedFiles.Date(OsvRecordParser.Str(cve, "lastModified")),
            Cvss = cvss,
            References = references,
        };
        return new AdvisoryRecord(vulnerability, []);
    }
}
