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
        var ns = defaultNamespace;
        if (OsvRecordParser.Str(root, "distroversion") is { } distro && AdvisoryNamespaces.FirstNumber(distro, 2) is { } release
            && AdvisoryNamespaces.Family(defaultNamespace ?? "alpine") == "alpine")
            ns = "alpine:" + release;
        if (ns is null) yield break;
        IEnumerable<JsonElement> packages = root.TryGetProperty("packages", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => p.TryGetProperty("pkg", out var pkg) ? pkg : p)
            : [root];
        foreach (var pkg in packages)
        {
            var name = OsvRecordParser.Str(pkg, "name");
            if (name is null || !pkg.TryGetProperty("secfixes", out var secfixes) || secfixes.ValueKind != JsonValueKind.Object) continue;
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
                    {
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
            }
            if (rows.Count > 0) yield return new AdvisoryRecord(null, rows);
            foreach (var alias in aliases) yield return new AdvisoryRecord(alias, []);
        }
    }

    /// <summary>The advisory ids in a secfixes entry; words such as "(+ regression fix)" are not ids.</summary>
    internal static IEnumerable<string> Ids(string entry) =>
        entry.Split((char[])[' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries).Where(t => IdPattern().IsMatch(t)).Distinct();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]+(-[A-Za-z0-9]+)+$")]
    private static partial Regex IdPattern();
}
