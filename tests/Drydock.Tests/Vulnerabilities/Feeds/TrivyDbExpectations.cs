using System.Text.Json;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>Reads the transcribed trivy-db test tables (EXPECTED_&lt;source&gt;_test.json): key path → value of the happy path.</summary>
internal static class TrivyDbExpectations
{
    public static List<(string[] Key, JsonElement Value)> HappyPath(string source)
    {
        var path = SharedTestData.Path($"trivy-db/pkg/vulnsrc/{source}/EXPECTED_{source}_test.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var happy = doc.RootElement.GetProperty("tests").GetProperty("TestVulnSrc_Update").EnumerateArray()
            .First(t => t.GetProperty("name").GetString() == "happy path");
        return happy.GetProperty("wantValues").EnumerateArray()
            .Select(w => (w.GetProperty("Key").EnumerateArray().Select(k => k.GetString()!).ToArray(), w.GetProperty("Value").Clone()))
            .ToList();
    }

    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static IEnumerable<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()!) : [];
}
