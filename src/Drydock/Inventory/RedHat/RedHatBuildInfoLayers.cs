namespace Drydock.Inventory.RedHat;

/// <summary>
/// Gives each rpm the build info of the layer that installed it, by Trivy's rule (pkg/fanal/applier, lookupBuildInfo):
/// the layer's own; for the base layer, which Red Hat's images leave without a manifest, layer 1's; for a layer
/// without one above it (a user's layer on a Red Hat image), the nearest lower layer's (down to layer 1). A package
/// that finds none keeps <see cref="Package.BuildInfo"/> null, so the matcher falls back to the release's defaults.
/// </summary>
internal static class RedHatBuildInfoLayers
{
    public static List<Package> Apply(IReadOnlyList<Package> packages, IReadOnlyDictionary<int, RedHatBuildInfo> byLayer)
    {
        if (byLayer.Count == 0) return [.. packages];
        return [.. packages.Select(p => p.Type == PackageType.Rpm && p.BuildInfo is null && ForLayer(p.LayerIndex, byLayer) is { } info
            ? p with { BuildInfo = info }
            : p)];
    }

    public static RedHatBuildInfo? ForLayer(int layer, IReadOnlyDictionary<int, RedHatBuildInfo> byLayer)
    {
        if (byLayer.TryGetValue(layer, out var own)) return own;
        if (layer == 0) return byLayer.GetValueOrDefault(1);
        for (var i = layer - 1; i >= 1; i--)
        {
            if (byLayer.TryGetValue(i, out var lower)) return lower;
        }
        return null;
    }
}
