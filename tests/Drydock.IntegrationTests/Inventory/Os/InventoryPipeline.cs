using Drydock.Images;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.Inventory;

namespace Drydock.IntegrationTests.Inventory.Os;

/// <summary>The inventory part of a scan through the public library pipeline: image source → LayerWalker → InventoryBuilder.</summary>
internal static class InventoryPipeline
{
    public static async Task<ImageInventory> InventoryAsync(string target)
    {
        var options = new ImageOpenOptions { TempDirectory = TestRoot.Sub("tmp") };
        await using var image = await ImageSources.OpenAsync(target, options, RemoteSourceFactories.Default, CancellationToken.None);
        var view = await LayerWalker.WalkAsync(image, Analyzers.FileInterests, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);
        return InventoryBuilder.Build(view, Analyzers.All, CancellationToken.None);
    }

    /// <summary>The packages of <paramref name="type"/>, one line each, for a readable set difference on failure.</summary>
    public static SortedSet<string> Lines(ImageInventory inventory, PackageType type, Func<Package, string> line) =>
        new(inventory.Packages.Where(p => p.Type == type).Select(line), StringComparer.Ordinal);
}
