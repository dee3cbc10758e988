using System.Text.Json;

namespace Drydock.Scanning.Gate;

/// <summary>
/// Reads OpenVEX documents (openvex.dev spec v0.0.1 and v0.2.0): statements with a vulnerability (string or object
/// with <c>name</c>/<c>@id</c> and <c>aliases</c>), products and subcomponents (strings or objects with <c>@id</c>,
/// usually purls), status, justification and impact statement.
/// </summary>
public static class OpenVexParser
{
    public static IReadOnlyList<VexStatement> Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"VEX file '{path}' does not exist");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new UsageException($"VEX file '{path}' is not an OpenVEX document: {e.Message}");
        }
    }

    public static IReadOnlyList<VexStatement> Parse(JsonElement root)
    {
        var result = new List<VexStatement>();
        foreach (var s in root.GetProperty("statements").EnumerateArray())
        {
            var v = s.GetProperty("vulnerability");
            string name;
            var aliases = new List<string>();
            if (v.ValueKind == JsonValueKind.String)
            {
                name = v.GetString() ?? "";
            }
            else
            {
                name = (v.TryGetProperty("name", out var n) ? n.GetString() : v.GetProperty("@id").GetString()) ?? "";
                if (v.TryGetProperty("aliases", out var a)) aliases.AddRange(a.EnumerateArray().Select(x => x.GetString() ?? ""));
            }
            var products = new List<string>();
            var subcomponents = new List<string>();
            if (s.TryGetProperty("products", out var ps))
            {
                foreach (var p in ps.EnumerateArray())
                {
                    products.Add(Id(p));
                    if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("subcomponents", out var subs))
                        subcomponents.AddRange(subs.EnumerateArray().Select(Id));
                }
            }
            if (s.TryGetProperty("subcomponents", out var top)) subcomponents.AddRange(top.EnumerateArray().Select(Id));
            result.Add(new VexStatement(name, aliases, products, subcomponents,
                s.GetProperty("status").GetString() ?? "",
                s.TryGetProperty("justification", out var j) ? j.GetString() : null,
                s.TryGetProperty("impact_statement", out var imp) ? imp.GetString() : null));
        }
        return result;
    }

    private static string Id(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetProperty("@id").GetString() ?? "";
}
