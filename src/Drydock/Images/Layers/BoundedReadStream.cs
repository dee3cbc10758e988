namespace Drydock.Images.Layers;

/// <summary>
/// The decompressed side of a layer: throws <see cref="DrydockException"/> once more than the absolute limit has been
/// read, or once the decompressed/compressed ratio exceeds its limit after the grace amount (DESIGN.md §5: a hostile
/// image may hold a decompression bomb; we stop reading rather than trust sizes written in the tar).
/// </summary>
internal sealed class BoundedReadStream(
    Stream inner, Func<long> compressedBytesRead, LayerWalkOptions options, string layerName) : ObservingReadStream(inner)
{
    public long BytesRead { get; private set; }

    protected override void Observe(ReadOnlySpan<byte> chunk)
    {
        BytesRead += chunk.Length;
        if (BytesRead > options.MaxLayerBytes)
            throw new DrydockException($"{layerName}: decompressed size exceeds {Format(options.MaxLayerBytes)} (decompression bomb?)");
        if (BytesRead > options.RatioGraceBytes)
        {
            var compressed = Math.Max(1, compressedBytesRead());
            if ((double)BytesRead / compressed > options.MaxCompressionRatio)
                throw new DrydockException(
                    $"{layerName}: decompressed size exceeds {options.MaxCompressionRatio:0.#}× the compressed size (decompression bomb?)");
        }
    }

    internal static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        _ => $"{bytes} bytes",
    };
}
