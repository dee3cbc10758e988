using System.Text.Json;

namespace Drydock.Scanning.Gate;

/// <summary>
/// Reads the accepted findings of an earlier <c>drydock image -f json</c> report (<c>--baseline</c>): every
/// <c>findings[]</c> entry's vulnerability id, package purl without version and the <c>foundIn</c> file of the
/// <c>packages[]</c> entry with that purl (docs/report-schema.md, "Baseline").
/// </summary>
public static class BaselineLoader
{
    public static IReadOnlySet<string> Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"baseline report '{path}' does not exist");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var foundIn = doc.RootElement.TryGetProperty("packages", out var packages)
                ? packages.EnumerateArray()
                    .Where(p => p.TryGetProperty("purl", out _) && p.TryGetProperty("foundIn", out _))
                    .GroupBy(p => p.GetProperty("purl").GetString() ?? "", StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(p => p.GetProperty("foundIn").GetString() ?? "").ToList(), StringComparer.Ordinal)
                : [];
            foreach (var f in doc.RootElement.GetProperty("findings").EnumerateArray())
            {
                var id = f.GetProperty("vulnerabilityId").GetString();
                var purl = f.GetProperty("packagePurl").GetString();
                if (id is null || purl is null) continue;
                foreach (var file in foundIn.GetValueOrDefault(purl) ?? [""]) keys.Add(Purls.BaselineKey(id, purl, file));
            }
            return keys;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UsageException($"baseline '{path}' is not a drydock JSON report ({e.Message})");
        }
    }
}
