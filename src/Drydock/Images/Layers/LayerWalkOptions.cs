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

    /// <summary>Most entries one layer may hold (bounds the time one layer takes).</summary>
    public int MaxEntriesPerLayer { get; init; } = 2_000_000;

    /// <summary>Most entries all layers of an image may hold together; past it the image is refused.</summary>
    public long MaxEntriesPerImage { get; init; } = 10_000_000;

    /// <summary>
    /// Most entries the squashed view may keep (directories, links, and the files an interest asked for); past it the
    /// image is refused. This, not the file count, bounds the view's memory.
    /// </summary>
    public int MaxKeptEntries { get; init; } = 2_000_000;

    /// <summary>Largest total content kept over all layers; past it further declared files are not kept (warning).</summary>
    public long MaxTotalContentBytes { get; init; } = 1024L * 1024 * 1024;
}
