using Drydock.IntegrationTests.Infrastructure;
using Drydock.Inventory;
using Drydock.Images.Targets;
using Drydock.Scanning;
using Drydock.Scanning.Pipeline;

namespace Drydock.IntegrationTests.Inventory.Os;

/// <summary>
/// An Alpine-like image of three layers (base; busybox upgraded and libcrypto3 added; ssl_client added), its apk
/// installed database written in apk's own format by scripts/it/build-oracle-images.sh. Debian ships no apk-tools, so
/// the oracle is the database files themselves: the top layer's stanzas, and for each package the lowest layer from
/// which every layer's database lists it with its current version (the stanzas read here by their line prefixes).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApkImageOracleTests
{
    [IntegrationFact("umoci", "openssl")]
    public async Task Inventory_ThreeLayerApkImage_EqualsInstalledDbAndLayerOfEachVersion()
    {
        // Given
        var dir = await OracleImages.EnsureBuiltAsync("apk");
        var perLayer = Enumerable.Range(0, 3).Select(n => Stanzas(Path.Combine(dir, $"installed.{n}"))).ToList();
        var top = perLayer[^1];
        var expectedLayers = top.ToDictionary(s => s["P"], s => FirstLayerWithSameVersion(perLayer, s["P"], s["V"]));

        // When
        var inventory = await InventoryPipeline.InventoryAsync($"oci:{Path.Combine(dir, "oci")}:3");

        // Then
        Assert.Empty(inventory.Warnings);
        Assert.Equal(("alpine", "3.19.1"), (inventory.Os.Family, inventory.Os.Version));
        Assert.Equal(
            new SortedSet<string>(top.Select(s => $"{s["P"]}\t{s["V"]}\t{s["A"]}\t{s["o"]}\t{s["L"]}\t{s["F"]}/{s["R"]}"), StringComparer.Ordinal),
            InventoryPipeline.Lines(inventory, PackageType.Apk,
                p => $"{p.Name}\t{p.Version}\t{p.Architecture}\t{p.SourceName ?? p.Name}\t{string.Join(' ', p.Licenses)}\t{string.Join(' ', p.Files)}"));
        Assert.Equal(new Dictionary<string, int> { ["musl"] = 0, ["busybox"] = 1, ["libcrypto3"] = 1, ["ssl_client"] = 2 }, expectedLayers);
        Assert.Equal(expectedLayers, inventory.Packages.ToDictionary(p => p.Name, p => p.LayerIndex));
    }

    [IntegrationFact("umoci", "openssl")]
    public async Task Scan_ApkImageColdThenFromLayerCache_SameLayerOfEachPackage()
    {
        // Given: the scanner's own path, which reads layers from its cache on the second run
        var dir = await OracleImages.EnsureBuiltAsync("apk");
        var run = TestRoot.NewRunDirectory("apk-cache");
        using var scanner = new ImageScanner(ScannerParts.Default(new ScannerSettings { CachePath = Path.Combine(run, "layers.db"), TempDirectory = TestRoot.Sub("tmp") }));
        var request = new ScanRequest { Target = TargetParser.Parse($"oci:{Path.Combine(dir, "oci")}:3"), RunControls = false };
        try
        {
            // When
            var cold = await scanner.ScanAsync(request, CancellationToken.None);
            var warm = await scanner.ScanAsync(request, CancellationToken.None);

            // Then
            var expected = new Dictionary<string, int> { ["musl"] = 0, ["busybox"] = 1, ["libcrypto3"] = 1, ["ssl_client"] = 2 };
            Assert.Equal(expected, cold.Inventory.Packages.ToDictionary(p => p.Name, p => p.LayerIndex));
            Assert.Equal(expected, warm.Inventory.Packages.ToDictionary(p => p.Name, p => p.LayerIndex));
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    // The lowest layer n such that the databases of layers n … top all hold the package with this version.
    private static int FirstLayerWithSameVersion(List<List<Dictionary<string, string>>> perLayer, string name, string version)
    {
        var layer = perLayer.Count - 1;
        while (layer > 0 && perLayer[layer - 1].Any(s => s["P"] == name && s["V"] == version)) layer--;
        return layer;
    }

    // apk-tools' installed db: "K:value" lines, a blank line between packages (one F:/R: pair per fixture package).
    private static List<Dictionary<string, string>> Stanzas(string path) =>
        File.ReadAllText(path).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.Length > 2 && l[1] == ':')
                .GroupBy(l => l[..1], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First()[2..], StringComparer.Ordinal))
            .Where(s => s.ContainsKey("P"))
            .ToList();
}
