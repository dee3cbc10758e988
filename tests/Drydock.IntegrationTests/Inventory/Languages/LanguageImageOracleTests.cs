using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Inventory.Os;
using Drydock.Inventory;

namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>
/// A one-layer OCI image (umoci) holding a Node app installed by <c>npm install</c> and the metadata of this machine's
/// Debian python3 packages, read through the whole pipeline (source → LayerWalker → InventoryBuilder with every
/// analyzer); the oracles run on the folder the layer was packed from: <c>npm ls --all --json</c> and
/// <c>importlib.metadata</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LanguageImageOracleTests
{
    [IntegrationFact("umoci", "npm", "node", "/usr/bin/python3")]
    public async Task Inventory_NpmAndPythonImage_EqualsNpmLsAndImportlibMetadata()
    {
        // Given
        var dir = await OracleImages.EnsureBuiltAsync("lang");
        var rootfs = Path.Combine(dir, "rootfs");
        var ls = Tools.Run("npm", Path.Combine(rootfs, "app"), "ls", "--all", "--json")!.Value;
        var npm = new SortedSet<string>(StringComparer.Ordinal);
        using (var doc = JsonDocument.Parse(ls.Stdout))
        {
            NpmOracleTests.Collect(doc.RootElement, npm);
            // npm ls's root is the app itself, which Drydock lists too (as Trivy does), marked as the application.
            npm.Add($"{doc.RootElement.GetProperty("name").GetString()}@{doc.RootElement.GetProperty("version").GetString()}");
        }
        var python = PythonOracleTests.Oracle(Path.Combine(rootfs, "usr", "lib", "python3", "dist-packages"));

        // When
        var inventory = await InventoryPipeline.InventoryAsync($"oci:{Path.Combine(dir, "oci")}:1");

        // Then
        Assert.Empty(inventory.Warnings);
        Assert.True(npm.Count >= 10 && python.Count >= 10, $"oracles listed too little: npm {npm.Count}, python {python.Count}");
        Assert.Equal(npm, InventoryPipeline.Lines(inventory, PackageType.Npm,
            p => $"{(p.Namespace is null ? "" : p.Namespace + "/")}{p.Name}@{p.Version}"));
        Assert.Equal(python, InventoryPipeline.Lines(inventory, PackageType.Python, p => $"{p.Name}@{p.Version}"));
        Assert.All(inventory.Packages, p => Assert.Equal(0, p.LayerIndex));
        Assert.Equal(["app/package.json"], inventory.Packages.Where(p => p.IsApplication).Select(p => p.FoundIn));
    }
}
