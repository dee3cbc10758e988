using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Parses one Red Hat CSAF VEX document (CSAF 2.0, one CVE per file, https://access.redhat.com/security/data/csaf/v2/vex/)
/// the way trivy-db's redhat-csaf source reads it. A statement is a relationship <c>PLATFORM:COMPONENT</c>: the platform's
/// <c>product_identification_helper.cpe</c> scopes it, the component's purl names the binary rpm (<c>arch=src</c> and
/// non-rpm components are skipped; <c>rpmmod=module:stream:…</c> keys it as <c>module:stream::name</c>). Remediations give
/// the status: <c>vendor_fix</c> → fixed at the component's version (epoch 0 dropped, RHSA id kept as an alias),
/// <c>no_fix_planned</c> "Will not fix" / "Out of support scope" → will_not_fix / end_of_life, <c>none_available</c>
/// "Affected" / "Deferred" → affected / fix_deferred. The severity is Red Hat's impact from <c>threats</c>.
/// </summary>
internal static class RedHatCsafParser
{
    public const string DataSource = "redhat-csaf";

    public static AdvisoryRecord? Parse(JsonElement root)
    {
        if (!root.TryGetProperty("vulnerabilities", out var vulns) || vulns.ValueKind != JsonValueKind.Array) return null;
        var products = new Dictionary<string, (string? Cpe, string? Purl)>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, (string Component, string Platform)>(StringComparer.Ordinal);
        if (root.TryGetProperty("product_tree", out var tree))
        {
            if (tree.TryGetProperty("branches", out var branches)) CollectProducts(branches, products);
            foreach (var r in Array(tree, "relationships"))
                if (Str(r, "product_reference") is { } c && Str(r, "relates_to_product_reference") is { } p
                    && r.TryGetProperty("full_product_name", out var full) && Str(full, "product_id") is { } id)
                    relationships[id] = (c, p);
        }
        foreach (var v in vulns.EnumerateArray())
        {
            // One CVE per Red Hat VEX file; a record without a CVE id is not usable (trivy-db rejects it too).
            if (Str(v, "cve") is not { } cve || !cve.StartsWith("CVE-", StringComparison.Ordinal)) continue;
            return ParseVulnerability(cve, v, products, relationships);
        }
        return null;
    }

    private static AdvisoryRecord ParseVulnerability(string cve, JsonElement v, Dictionary<string, (string? Cpe, string? Purl)> products,
        Dictionary<string, (string Component, string Platform)> relationships)
    {
        var impact = new Dictionary<string, Severity>(StringComparer.Ordinal);
        foreach (var t in Array(v, "threats"))
            if (Str(t, "category") == "impact")
                foreach (var id in Strings(t, "product_ids")) impact[id] = SeverityNames.Parse(Str(t, "details"));
        var statuses = new Dictionary<string, VulnerabilityStatus>(StringComparer.Ordinal);
        var advisories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in Array(v, "remediations"))
        {
            if (RemediationStatus(Str(r, "category"), Str(r, "details")) is not { } status) continue;
            if (status == VulnerabilityStatus.Fixed && Str(r, "url") is { } url && url.Contains("/errata/", StringComparison.Ordinal))
                advisories.Add(url[(url.LastIndexOf('/') + 1)..]);
            foreach (var id in Strings(r, "product_ids")) statuses.TryAdd(id, status);
        }
        if (v.TryGetProperty("product_status", out var ps) && ps.ValueKind == JsonValueKind.Object)
            foreach (var id in Strings(ps, "known_affected")) statuses.TryAdd(id, VulnerabilityStatus.Affected);

        var rows = new List<AffectedPackage>();
        var seen = new HashSet<(string, string, VulnerabilityStatus, string?)>();
        foreach (var (id, status) in statuses)
        {
            if (!relationships.TryGetValue(id, out var rel)) continue;
            if (!products.TryGetValue(rel.Platform, out var platform) || platform.Cpe is null) continue;
            if (!products.TryGetValue(rel.Component, out var component) || RpmPurl.Parse(component.Purl) is not { } rpm) continue;
            var ns = RedHatCpe.Namespace(platform.Cpe);
            var fix = status == VulnerabilityStatus.Fixed ? rpm.Evr : null;
            if (!seen.Add((ns, rpm.Key, status, fix))) continue;
            var severity = impact.GetValueOrDefault(id, Severity.Unknown);
            rows.Add(RpmAdvisoryRow.Create(ns, rpm.Key, cve, fix, status, severity, "redhat", DataSource));
        }
        return new AdvisoryRecord(Details(cve, v, advisories), rows);
    }

    private static VulnerabilityStatus? RemediationStatus(string? category, string? details) => (category, details) switch
    {
        ("vendor_fix", _) => VulnerabilityStatus.Fixed,
        ("no_fix_planned", "Will not fix") => VulnerabilityStatus.WillNotFix,
        ("no_fix_planned", "Out of support scope") => VulnerabilityStatus.EndOfLife,
        ("none_available", "Affected") => VulnerabilityStatus.Affected,
        ("none_available", "Deferred" or "Fix deferred") => VulnerabilityStatus.FixDeferred,
        _ => null,
    };

    private static VulnerabilityRecord Details(string cve, JsonElement v, IEnumerable<string> advisories)
    {
        string? description = null, summary = null;
        foreach (var n in Array(v, "notes"))
        {
            if (Str(n, "category") == "description") description ??= Str(n, "text");
            if (Str(n, "category") == "summary") summary ??= Str(n, "text");
        }
        var cvss = new List<CvssRating>();
        foreach (var s in Array(v, "scores"))
            foreach (var key in (string[])["cvss_v3", "cvss_v2"])
                if (s.TryGetProperty(key, out var c) && Str(c, "vectorString") is { } vector)
                {
                    var version = Str(c, "version") ?? (key == "cvss_v3" ? "3.1" : "2.0");
                    double? score = c.TryGetProperty("baseScore", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetDouble() : null;
                    var severity = SeverityNames.Parse(Str(c, "baseSeverity")) is var named and not Severity.Unknown ? named : SeverityNames.FromScore(score, version);
                    if (cvss.TrueForAll(x => x.Version != version)) cvss.Add(new CvssRating("redhat", version, vector, score, severity));
                }
        return new VulnerabilityRecord
        {
            Id = cve,
            Title = summary,
            Description = description,
            Published = FeedFiles.Date(Str(v, "release_date")),
            Aliases = [.. advisories],
            Cvss = cvss,
            References = Array(v, "references").Select(r => Str(r, "url")).OfType<string>().Distinct().ToList(),
        };
    }

    private static void CollectProducts(JsonElement branches, Dictionary<string, (string? Cpe, string? Purl)> products)
    {
        foreach (var b in branches.EnumerateArray())
        {
            if (b.TryGetProperty("product", out var p) && Str(p, "product_id") is { } id)
            {
                var helper = p.TryGetProperty("product_identification_helper", out var h) ? h : default;
                products[id] = helper.ValueKind == JsonValueKind.Object ? (Str(helper, "cpe"), Str(helper, "purl")) : (null, null);
            }
            if (b.TryGetProperty("branches", out var sub) && sub.ValueKind == JsonValueKind.Array) CollectProducts(sub, products);
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    private static IEnumerable<string> Strings(JsonElement e, string name) =>
        Array(e, name).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!);

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
