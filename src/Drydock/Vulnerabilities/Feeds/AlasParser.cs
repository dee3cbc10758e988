using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>One Amazon Linux Security Advisory as its repository's <c>updateinfo.xml</c> states it (one <c>&lt;update&gt;</c>).</summary>
internal sealed record AlasUpdate
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    public string? Severity { get; init; }
    public string? Description { get; init; }
    public string? Issued { get; init; }
    public string? Updated { get; init; }
    public IReadOnlyList<(string Id, string? Type, string? Href)> References { get; init; } = [];
    public IReadOnlyList<(string Name, string? Epoch, string Version, string Release)> Packages { get; init; } = [];
}

/// <summary>
/// Turns an ALAS (<see cref="AlasUpdate"/>) into rows: one per CVE it fixes (its <c>type="cve"</c> references; the ALAS
/// id itself when it names none) and binary package, fixed in the package's <c>[epoch:]version-release</c> (a zero
/// epoch dropped), Amazon's severity (<c>low</c>, <c>medium</c>, <c>important</c>, <c>critical</c>), the ALAS id an alias
/// of each CVE. Also reads vuln-list's JSON copy of an update (<c>{id, title, issued{date}, severity, description,
/// packages[], references[]}</c>), as trivy-db does.
/// </summary>
internal static class AlasParser
{
    public static IEnumerable<AdvisoryRecord> Parse(AlasUpdate update, string ns, string dataSource)
    {
        var cves = update.References.Where(r => string.Equals(r.Type, "cve", StringComparison.OrdinalIgnoreCase)).Select(r => r.Id)
            .Distinct(StringComparer.Ordinal).ToList();
        List<string> ids = cves.Count > 0 ? cves : [update.Id];
        var severity = SeverityNames.Parse(update.Severity);
        var fixes = update.Packages.Select(p => (p.Name, Evr: (p.Epoch is { Length: > 0 } and not "0" ? p.Epoch + ":" : "") + p.Version + "-" + p.Release)).Distinct().ToList();
        foreach (var id in ids)
            yield return new AdvisoryRecord(
                new VulnerabilityRecord
                {
                    Id = id,
                    Title = update.Title,
                    Description = update.Description,
                    Published = FeedFiles.Date(update.Issued),
                    Modified = FeedFiles.Date(update.Updated),
                    Aliases = id == update.Id ? [] : [update.Id],
                    References = update.References.Select(r => r.Href).OfType<string>().Distinct().ToList(),
                },
                fixes.Select(f => RpmAdvisoryRow.Create(ns, f.Name, id, f.Evr, VulnerabilityStatus.Fixed, severity, "amazon", dataSource)).ToList());
    }

    /// <summary>vuln-list's JSON copy of one update.</summary>
    public static AlasUpdate FromJson(JsonElement root) => new()
    {
        Id = Str(root, "id") ?? throw new FeedRecordException("an update without id; record skipped"),
        Title = Str(root, "title"),
        Severity = Str(root, "severity"),
        Description = Str(root, "description"),
        Issued = root.TryGetProperty("issued", out var i) ? Str(i, "date") : null,
        Updated = root.TryGetProperty("updated", out var u) ? Str(u, "date") : null,
        References = Array(root, "references").Where(r => Str(r, "id") is not null).Select(r => (Str(r, "id")!, Str(r, "type"), Str(r, "href"))).ToList(),
        Packages = Array(root, "packages").Select(p => (
            Str(p, "name") ?? throw new FeedRecordException("a package without name; record skipped"), Str(p, "epoch"),
            Str(p, "version") ?? throw new FeedRecordException("a package without version; record skipped"), Str(p, "release") ?? "")).ToList(),
    };

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    private static string? Str(JsonElement e, string name) => OsvRecordParser.Str(e, name);
}
