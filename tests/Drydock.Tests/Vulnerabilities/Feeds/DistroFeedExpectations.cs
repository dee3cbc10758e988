using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>
/// What the peer projects expect of the distribution feeds, as comparable row strings
/// (<c>namespace package id status version</c>): vunnel's snapshots (normalised records, one per vulnerability) and
/// trivy-db's transcribed <c>advisory-detail</c> keys per test case.
/// </summary>
internal static class DistroFeedExpectations
{
    /// <summary>A row as compared: fixed rows by their fix, affected rows by their last affected version or "-".</summary>
    public static string Row(AffectedPackage r) =>
        $"{r.Namespace} {r.Package} {r.VulnerabilityId} {Name(r.Status)} {Evr(r.Fixed ?? (r.LastAffected is { } l ? "<=" + l : "-"))}";

    public static string Row(string ns, string package, string id, string? fix, string? lastAffected = null) =>
        fix is { Length: > 0 } and not "None"
            ? $"{ns} {package} {id} fixed {Evr(fix)}"
            : $"{ns} {package} {id} affected {(lastAffected is null ? "-" : "<=" + Evr(lastAffected))}";

    private static string Name(VulnerabilityStatus s) => s == VulnerabilityStatus.Fixed ? "fixed" : s == VulnerabilityStatus.Affected ? "affected" : s.ToString();

    // vunnel and trivy-db write a zero epoch or leave it out; rpm compares both the same.
    private static string Evr(string v) => v.StartsWith("0:", StringComparison.Ordinal) ? v[2..] : v.StartsWith("<=0:", StringComparison.Ordinal) ? "<=" + v[4..] : v;

    public static async Task<(List<AdvisoryRecord> Records, List<string> Rows)> ReadAsync(IFeed feed, string dir)
    {
        var records = new List<AdvisoryRecord>();
        await foreach (var r in feed.ReadAsync(dir, CancellationToken.None)) records.Add(r);
        return (records, records.SelectMany(r => r.Affected).Select(Row).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>vunnel's snapshots under <paramref name="snapshots"/>: (vulnerability, namespace, severity, FixedIn[], metadata).</summary>
    public static IEnumerable<(string Name, string Namespace, string Severity, List<JsonElement> FixedIn, JsonElement Metadata)> Vunnel(string snapshots) =>
        Directory.EnumerateFiles(SharedTestData.Path(snapshots), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(f));
            var v = doc.RootElement.GetProperty("item").GetProperty("Vulnerability").Clone();
            return (v.GetProperty("Name").GetString()!, v.GetProperty("NamespaceName").GetString()!, v.GetProperty("Severity").GetString()!,
                v.GetProperty("FixedIn").EnumerateArray().ToList(), v.GetProperty("Metadata"));
        });

    /// <summary>trivy-db's update test cases of <paramref name="source"/>: name, fixture folder, expected advisory-detail (id, platform, package, FixedVersion, Entries' fixed versions), error.</summary>
    public static IEnumerable<(string Name, string Dir, List<(string Id, string Platform, string Package, string Fixed, List<string> Entries)> Details, string? Error)> TrivyCases(string source)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedTestData.Path($"trivy-db/pkg/vulnsrc/{source}/EXPECTED_{source}_test.json")));
        foreach (var t in doc.RootElement.GetProperty("tests").GetProperty("TestVulnSrc_Update").EnumerateArray())
        {
            var args = t.GetProperty("dir").GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
            var details = t.TryGetProperty("wantValues", out var want)
                ? want.EnumerateArray().Where(w => w.GetProperty("Key")[0].GetString() == "advisory-detail")
                    .Select(w => (w.GetProperty("Key")[1].GetString()!, w.GetProperty("Key")[2].GetString()!, w.GetProperty("Key")[3].GetString()!,
                        TrivyDbExpectations.Str(w.GetProperty("Value"), "FixedVersion") ?? "",
                        w.GetProperty("Value").TryGetProperty("Entries", out var entries)
                            ? entries.EnumerateArray().Select(x => TrivyDbExpectations.Str(x, "FixedVersion") ?? "").ToList() : [])).ToList()
                : [];
            var error = t.TryGetProperty("wantErr", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s : null;
            yield return (t.GetProperty("name").GetString()!, SharedTestData.Path($"trivy-db/pkg/vulnsrc/{source}/" + string.Join('/', args)), details, error);
        }
    }

    /// <summary>
    /// trivy-db's tests assert the keys they list (not that no other key exists): every expected row is present, and
    /// for its namespace, package and id no other version is stored. Returns a failure message, or null.
    /// </summary>
    public static string? Covers(IReadOnlyList<string> expected, IReadOnlyList<string> rows)
    {
        static string Key(string row) => string.Join(' ', row.Split(' ')[..3]);
        var keys = expected.Select(Key).ToHashSet(StringComparer.Ordinal);
        var actual = rows.Where(r => keys.Contains(Key(r))).ToList();
        return expected.SequenceEqual(actual) ? null : $"want [{string.Join(", ", expected)}] got [{string.Join(", ", actual)}]";
    }

    /// <summary>Copies shared fixture files into a private folder under the names a feed reads (never into the repository).</summary>
    public static void Copy(string target, params (string From, string To)[] files)
    {
        foreach (var (from, to) in files)
        {
            var path = Path.Combine(target, to);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(SharedTestData.Path(from), path);
        }
    }
}
