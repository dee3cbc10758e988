using System.Text.Json;
using System.Text.RegularExpressions;
using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Parses an apk security database (Alpine's secdb.alpinelinux.org <c>v3.x/main.json</c>, Wolfi/Chainguard
/// <c>security.json</c>): <c>packages[].pkg.{name, secfixes{"fixed-version": ["CVE-…", …]}}</c>. Also accepts one
/// package object (<c>{name, secfixes}</c>). Per the Alpine secfixes convention a fixed version of <c>"0"</c> means the
/// package was never affected. An entry may hold several ids and notes ("CVE-A GHSA-B", "CVE-C (+ regression fix)"):
/// the first id names the issue (as trivy-db does) and the others are recorded as its aliases.
/// </summary>
internal static partial class SecDbParser
{
    public static IEnumerable<AdvisoryRecord> Parse(JsonElement root, string? defaultNamespace, string dataSource)
    {
        var ns = Namespace(OsvRecordParser.Str(root, "distroversion"), defaultNamespace);
        if (ns is null) return [];
        IEnumerable<JsonElement> packages = root.TryGetProperty("packages", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : [root];
        return packages.SelectMany(p => Package(p, ns, dataSource));
    }

    /// <summary>The namespace of a file: its <c>distroversion</c> for Alpine (<c>v3.11</c> → <c>alpine:3.11</c>), else the default.</summary>
    public static string? Namespace(string? distroversion, string? defaultNamespace) =>
        distroversion is not null && AdvisoryNamespaces.FirstNumber(distroversion, 2) is { } release
            && AdvisoryNamespaces.Family(defaultNamespace ?? "alpine") == "alpine"
            ? "alpine:" + release
            : defaultNamespace;

    /// <summary>One element of <c>packages[]</c> (<c>{pkg: {name, secfixes}}</c>) or one bare package object.</summary>
    public static IEnumerable<AdvisoryRecord> Package(JsonElement element, string ns, string dataSource)
    {
        var pkg = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("pkg", out var inner) ? inner : element;
        var name = OsvRecordParser.Str(pkg, "name");
        if (name is null || !pkg.TryGetProperty("secfixes", out var secfixes) || secfixes.ValueKind != JsonValueKind.Object) yield break;
        var rows = new List<AffectedPackage>();
        var aliases = new List<VulnerabilityRecord>();
        foreach (var fix in secfixes.EnumerateObject())
        {
            if (fix.Value.ValueKind != JsonValueKind.Array) continue;
            var notAffected = fix.Name == "0";
            foreach (var entry in fix.Value.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.String) continue;
                var ids = Ids(entry.GetString()!).ToList();
                if (ids.Count == 0) continue;
                var id = ids[0];
                if (ids.Count > 1) aliases.Add(new VulnerabilityRecord { Id = id, Aliases = ids[1..] });
                rows.Add(new AffectedPackage
                {
                    Namespace = ns,
                    Package = name,
                    VulnerabilityId = id,
                    VersionScheme = "apk",
                    Fixed = notAffected ? null : fix.Name,
                    Status = notAffected ? VulnerabilityStatus.NotAffected : VulnerabilityStatus.Fixed,
                    DataSource = dataSource,
                });
            }
        }
        if (rows.Count > 0) yield return new AdvisoryRecord(null, rows);
        foreach (var alias in aliases) yield return new AdvisoryRecord(alias, []);
    }

    /// <summary>The advisory ids in a secfixes entry; words such as "(+ regression fix)" are not ids.</summary>
    internal static IEnumerable<string> Ids(string entry) =>
        entry.Split((char[])[' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries).Where(t => IdPattern().IsMatch(t)).Distinct();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]+(-[A-Za-z0-9]+)+$")]
    private static partial Regex IdPattern();
}
