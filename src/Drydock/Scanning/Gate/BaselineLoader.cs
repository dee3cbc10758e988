using System.Text.Json;

namespace Drydock.Scanning.Gate;

/// <summary>
/// Reads the accepted findings of an earlier <c>drydock image -f json</c> report (<c>--baseline</c>): every
/// <c>findings[]</c> entry's vulnerability id and package purl (docs/report-schema.md).
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
            foreach (var f in doc.RootElement.GetProperty("findings").EnumerateArray())
            {
                var id = f.GetProperty("vulnerabilityId").GetString();
                var purl = f.GetProperty("packagePurl").GetString();
                if (id is not null && purl is not null) keys.Add(Purls.BaselineKey(id, purl));
            }
            return keys;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UsageException($"baseline '{path}' is not a drydock JSON report ({e.Message})");
        }
    }
}
