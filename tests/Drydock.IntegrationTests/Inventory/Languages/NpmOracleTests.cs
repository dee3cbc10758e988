using System.Text.Json;
using Drydock.Inventory;
using Drydock.Inventory.Languages.Npm;

namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>
/// A real Node app installed by <c>npm install</c> from the npm registry; npm's own <c>npm ls --all --json</c> is the
/// oracle for what is installed. Skipped when npm is not on PATH; fails when the registry cannot be reached.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NpmOracleTests
{
    [RequiresToolsFact("npm", "node")]
    public void Analyze_NpmInstalledApp_EqualsNpmLs()
    {
        // Given
        var dir = Directory.CreateTempSubdirectory("drydock-npm-oracle-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "package.json"), """{"name":"oracle-app","version":"1.0.0","private":true}""");
            var install = Tools.Run("npm", dir.FullName, "install", "--no-audit", "--no-fund", "--ignore-scripts",
                "is-number@7.0.0", "ms@2.1.3", "debug@4.3.4", "@isaacs/string-locale-compare@1.1.0", "chalk@4.1.2");
            Assert.True(install!.Value.ExitCode == 0, "npm install failed: " + install.Value.Stderr);
            var ls = Tools.Run("npm", dir.FullName, "ls", "--all", "--json")!.Value;
            var expected = new SortedSet<string>(StringComparer.Ordinal);
            using (var doc = JsonDocument.Parse(ls.Stdout))
            {
                Collect(doc.RootElement, expected);
                // npm ls's root is the app itself, which Drydock lists too (as Trivy does), marked as the application.
                expected.Add($"{doc.RootElement.GetProperty("name").GetString()}@{doc.RootElement.GetProperty("version").GetString()}");
            }

            // When
            var analyzer = new NpmPackageJsonAnalyzer();
            var result = analyzer.Analyze(new AnalysisContext(new DirectoryFileSystemView(dir.FullName, analyzer), OsInfo.Unknown, CancellationToken.None));

            // Then
            Assert.Empty(result.Warnings);
            var actual = result.Packages.Select(p => $"{(p.Namespace is null ? "" : p.Namespace + "/")}{p.Name}@{p.Version}").ToHashSet();
            Assert.True(expected.Count >= 8, "npm ls listed too few packages: " + string.Join(", ", expected));
            Assert.Equal(expected, new SortedSet<string>(actual, StringComparer.Ordinal));
            Assert.Contains(result.Packages, p => p.Purl == "pkg:npm/%40isaacs/string-locale-compare@1.1.0");
            Assert.Equal(["package.json"], result.Packages.Where(p => p.IsApplication).Select(p => p.FoundIn));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // npm ls --json: {"dependencies": {name: {"version": v, "dependencies": {…}}}}; deduped entries repeat the version.
    internal static void Collect(JsonElement node, SortedSet<string> into)
    {
        if (!node.TryGetProperty("dependencies", out var deps)) return;
        foreach (var d in deps.EnumerateObject())
        {
            if (d.Value.TryGetProperty("version", out var v)) into.Add($"{d.Name}@{v.GetString()}");
            Collect(d.Value, into);
        }
    }
}
