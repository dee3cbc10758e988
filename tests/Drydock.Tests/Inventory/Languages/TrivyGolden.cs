using System.Text.Json;
using Drydock.Inventory;

namespace Drydock.Tests.Inventory.Languages;

/// <summary>
/// Reads the package lists Trivy's integration tests assert (trivy/integration/testdata/*.json.golden, listed in
/// EXPECTED_TestRepository_cases.json), as "name@version" with the ecosystem's full name (npm "@scope/x",
/// composer "vendor/x").
/// </summary>
internal static class TrivyGolden
{
    public static string Fixture(string dir) => SharedTestData.Path($"trivy/integration/testdata/fixtures/repo/{dir}");

    public static IReadOnlyList<string> Packages(string golden)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedTestData.Path($"trivy/integration/testdata/{golden}")));
        return [.. doc.RootElement.GetProperty("Results").EnumerateArray()
            .Where(r => r.TryGetProperty("Packages", out _))
            .SelectMany(r => r.GetProperty("Packages").EnumerateArray())
            .Select(p => $"{p.GetProperty("Name").GetString()}@{p.GetProperty("Version").GetString()}")
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The same "name@version" form for what an analyzer found.</summary>
    public static IReadOnlyList<string> Of(AnalyzerResult result) =>
        [.. result.Packages.Select(p => $"{(p.Namespace is null ? "" : p.Namespace + "/")}{p.Name}@{p.Version}").Order(StringComparer.Ordinal)];
}
