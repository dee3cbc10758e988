namespace Drydock.Images.Layers;

/// <summary>
/// Limits for reading layers of an untrusted image (DESIGN.md §5: bound decompression by ratio and absolute size,
/// and bound what is kept in memory). Defaults suit real images; tests set small limits.
/// </summary>
public sealed record LayerWalkOptions
{
    public static readonly LayerWalkOptions Default = new();

    /// <summary>Largest decompressed (tar) size of one layer; past it the layer is rejected as a decompression bomb.</summary>
    public long MaxLayerBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Largest decompressed/compressed ratio, checked once <see cref="RatioGraceBytes"/> have been decompressed.</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Decompressed bytes read before the ratio limit applies (small layers of zeros compress extremely well).</summary>
    public long RatioGraceBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest content kept for one declared file; larger files are listed but their content is not kept (warning).</summary>
    public long MaxFileContentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most entries one layer may hold: metadata is kept for every entry, so this bounds its memory.</summary>
    public int MaxEntriesPerLayer { get; init; } = 2_000_000;

    /// <summary>Largest total content kept over all layers; past it further declared files are not kept (warning).</summary>
    public long MaxTotalContentBytes { get; init; } = 1024L * 1024 * 1024;
}
