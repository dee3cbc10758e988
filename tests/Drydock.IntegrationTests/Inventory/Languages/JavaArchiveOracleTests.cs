using Drydock.Images.FileSystem;
using Drydock.Inventory;
using Drydock.Inventory.Languages.Java;

namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>
/// The Java archives Debian installs in /usr/share/java (maven, its libraries). Trivy cannot be the oracle here (it
/// needs its online Java DB), so Info-ZIP's <c>unzip</c>, an independent ZIP reader, extracts every
/// <c>META-INF/maven/**/pom.properties</c>; for each jar the analyzer must report exactly those artifacts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JavaArchiveOracleTests
{
    private const string JavaDir = "/usr/share/java";

    [RequiresToolsFact("unzip", "/usr/share/java/commons-io.jar")]
    public void Analyze_DebianJars_EqualPomPropertiesListedByUnzip()
    {
        // Given
        var analyzer = new JavaArchiveAnalyzer();
        var view = new DirectoryFileSystemView(JavaDir, analyzer);

        // When
        var result = analyzer.Analyze(new AnalysisContext(view, OsInfo.Unknown, CancellationToken.None));

        // Then
        Assert.Empty(result.Warnings);
        var compared = 0;
        foreach (var jar in view.Entries.Where(e => e.Kind == FileKind.File && e.Path.EndsWith(".jar", StringComparison.Ordinal)))
        {
            var listing = Tools.Run("unzip", JavaDir, "-Z1", jar.Path)!.Value.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (listing.Any(e => e.EndsWith(".jar", StringComparison.Ordinal))) continue; // nested archives add artifacts unzip -p does not see
            var poms = listing.Where(e => e.StartsWith("META-INF/maven/", StringComparison.Ordinal) && e.EndsWith("/pom.properties", StringComparison.Ordinal)).ToList();
            if (poms.Count == 0) continue;
            var expected = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var pom in poms)
            {
                var props = Properties(Tools.Run("unzip", JavaDir, "-p", jar.Path, pom)!.Value.Stdout);
                if (props.TryGetValue("artifactId", out var a) && props.TryGetValue("version", out var v))
                    expected.Add($"{props.GetValueOrDefault("groupId")}:{a}:{v}");
            }
            var actual = new SortedSet<string>(result.Packages.Where(p => p.FoundIn == jar.Path).Select(p => $"{p.Namespace}:{p.Name}:{p.Version}"), StringComparer.Ordinal);
            Assert.True(expected.SetEquals(actual), $"{jar.Path}: unzip {string.Join(",", expected)}; Drydock {string.Join(",", actual)}");
            compared++;
        }
        Assert.True(compared >= 20, $"only {compared} jars with pom.properties were compared");
    }

    private static Dictionary<string, string> Properties(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#' && l.Contains('=', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim()))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
}
