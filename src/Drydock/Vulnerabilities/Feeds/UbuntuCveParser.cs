using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Reads one Ubuntu CVE tracker entry into <see cref="UbuntuCve"/>. Three spellings of the same data: the tracker's own
/// text files (<c>active/CVE-…</c>: RFC 822-style fields, <c>&lt;release&gt;_&lt;source&gt;: &lt;status&gt; (&lt;note&gt;)</c>
/// lines and <c>Priority_&lt;source&gt;[_&lt;release&gt;]</c> overrides, as UCT's scripts/cve_lib.py parses them),
/// vuln-list's JSON (<c>Candidate</c>, <c>Patches.&lt;source&gt;.&lt;release&gt;.{Status,Note}</c>, read by trivy-db) and
/// vunnel's normalised JSON (<c>name</c>, <c>patches[{distro, package, status, version, priority}]</c>).
/// </summary>
internal static class UbuntuCveParser
{
    public static UbuntuCve? ParseText(TextReader reader)
    {
        // Continuation lines are appended, never re-concatenated (a hostile entry of many lines stays linear).
        var multi = new Dictionary<string, System.Text.StringBuilder>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var patches = new List<UbuntuPatch>();
        var priorities = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#')) { key = null; continue; }
            if (char.IsWhiteSpace(line[0]))
            {
                if (key is not null && line.Trim() is { Length: > 0 } more)
                {
                    var sb = multi.TryGetValue(key, out var b) ? b : multi[key] = new System.Text.StringBuilder(fields[key]);
                    (sb.Length > 0 ? sb.Append('\n') : sb).Append(more);
                }
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (key.StartsWith("Priority_", StringComparison.Ordinal)) priorities[key["Priority_".Length..]] = value;
            else if (key.StartsWith("Patches_", StringComparison.Ordinal) || key.StartsWith("Tags_", StringComparison.Ordinal)) { }
            else if (key.IndexOf('_', StringComparison.Ordinal) is var u and > 0 && value.Length > 0)
            {
                var (status, note) = SplitStatus(value);
                patches.Add(new UbuntuPatch(key[..u], key[(u + 1)..], status, note, null));
                key = null;
                continue;
            }
            fields[key] = value;
            multi.Remove(key);
        }
        foreach (var (k, sb) in multi) fields[k] = sb.ToString();
        if (!fields.TryGetValue("Candidate", out var id) || id.Length == 0) return null;
        patches = patches.Select(p => p with { Priority = priorities.GetValueOrDefault(p.Package + "_" + p.Release) ?? priorities.GetValueOrDefault(p.Package) }).ToList();
        return new UbuntuCve(id, fields.GetValueOrDefault("Priority"), fields.GetValueOrDefault("Description"),
            FeedFiles.Date(fields.GetValueOrDefault("PublicDate")?.Replace(" UTC", "", StringComparison.Ordinal)),
            fields.GetValueOrDefault("References")?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            patches);
    }

    public static UbuntuCve? ParseJson(JsonElement root)
    {
        if (Str(root, "Candidate") is { } candidate)
        {
            var patches = new List<UbuntuPatch>();
            if (root.TryGetProperty("Patches", out var byPackage) && byPackage.ValueKind == JsonValueKind.Object)
                foreach (var package in byPackage.EnumerateObject())
                    foreach (var release in package.Value.EnumerateObject())
                        patches.Add(new UbuntuPatch(release.Name, package.Name, Str(release.Value, "Status") ?? "", Str(release.Value, "Note") is { Length: > 0 } n ? n : null, null));
            return new UbuntuCve(candidate, Str(root, "Priority"), Str(root, "Description"), FeedFiles.Date(Str(root, "PublicDate")),
                Strings(root, "References"), patches);
        }
        if (Str(root, "name") is { } name && root.TryGetProperty("patches", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var patches = list.EnumerateArray().Select(p => new UbuntuPatch(Str(p, "distro") ?? "", Str(p, "package") ?? "", Str(p, "status") ?? "",
                Str(p, "version"), Str(p, "priority"))).ToList();
            return new UbuntuCve(name, Str(root, "priority"), Str(root, "description"), null, Strings(root, "references"), patches);
        }
        return null;
    }

    // "released (1.2.3-1ubuntu1)" → ("released", "1.2.3-1ubuntu1"); "ignored (end of standard support)" likewise.
    private static (string, string?) SplitStatus(string value)
    {
        var paren = value.IndexOf('(', StringComparison.Ordinal);
        if (paren < 0) return (value.Trim(), null);
        var close = value.LastIndexOf(')');
        var note = value[(paren + 1)..(close > paren ? close : value.Length)].Trim();
        return (value[..paren].Trim(), note.Length == 0 ? null : note);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
}

/// <summary>One tracker entry: the CVE, its priority, and one status line per (release, source package).</summary>
internal sealed record UbuntuCve(string Id, string? Priority, string? Description, DateTimeOffset? Published, IReadOnlyList<string> References, IReadOnlyList<UbuntuPatch> Patches);

/// <summary>One <c>release_source: status (note)</c> line; <see cref="Priority"/> is the package's own override.</summary>
internal sealed record UbuntuPatch(string Release, string Package, string Status, string? Note, string? Priority);
