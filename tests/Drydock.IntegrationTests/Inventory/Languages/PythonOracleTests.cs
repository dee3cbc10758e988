using System.Text.Json;
using Drydock.Inventory;
using Drydock.Inventory.Languages.Python;

namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>
/// Debian's python3 packages (python3-requests, python3-yaml… installed by scripts/install-deps.sh) in
/// /usr/lib/python3/dist-packages; Python's own <c>importlib.metadata</c>, restricted to that path, is the oracle.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PythonOracleTests
{
    private const string DistPackages = "/usr/lib/python3/dist-packages";

    // Prints [name, version] for every distribution importlib.metadata finds on exactly that path.
    private const string OracleScript =
        "import importlib.metadata as m, json, sys\n" +
        "print(json.dumps([[d.metadata['Name'], d.version] for d in m.distributions(path=[sys.argv[1]]) if d.metadata['Name']]))";

    [RequiresToolsFact("/usr/bin/python3", "/usr/lib/python3/dist-packages/requests/__init__.py")]
    public void Analyze_DebianDistPackages_EqualsImportlibMetadata()
    {
        // Given
        var expected = Oracle(DistPackages);

        // When
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        var warnings = new List<InventoryWarning>();
        foreach (var analyzer in new[] { PythonMetadataAnalyzer.DistInfo, PythonMetadataAnalyzer.EggInfo })
        {
            var view = new DirectoryFileSystemView(DistPackages, analyzer);
            var result = analyzer.Analyze(new AnalysisContext(view, OsInfo.Unknown, CancellationToken.None));
            actual.UnionWith(result.Packages.Select(p => $"{p.Name}@{p.Version}"));
            warnings.AddRange(result.Warnings);
        }

        // Then
        Assert.Empty(warnings);
        Assert.Contains(expected, p => p.StartsWith("requests@", StringComparison.Ordinal));
        Assert.Contains(expected, p => p.StartsWith("pyyaml@", StringComparison.Ordinal));
        Assert.Equal(expected, actual);
    }

    /// <summary>name@version of every distribution importlib.metadata finds on exactly <paramref name="path"/> (names normalised as PEP 503).</summary>
    internal static SortedSet<string> Oracle(string path)
    {
        var oracle = Tools.Run("/usr/bin/python3", "/", "-c", OracleScript, path)!.Value;
        Assert.True(oracle.ExitCode == 0, oracle.Stderr);
        using var doc = JsonDocument.Parse(oracle.Stdout);
        return new SortedSet<string>(
            doc.RootElement.EnumerateArray().Select(e => $"{PythonMetadataParser.NormaliseName(e[0].GetString()!)}@{e[1].GetString()}"),
            StringComparer.Ordinal);
    }
}
