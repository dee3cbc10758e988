using Drydock.Images.Layers.Inflate;

namespace Drydock.Images.Layers;

/// <summary>
/// Turns a stored layer blob into its uncompressed tar stream. The magic bytes decide (gzip RFC 1952 <c>1f 8b</c>,
/// zstd RFC 8878 <c>28 b5 2f fd</c>, anything else plain tar), as Docker's own DecompressStream does: media types lie
/// in practice (docker-archive <c>layer.tar</c> files that are gzip'd, "tar" layers pushed compressed).
/// </summary>
internal static class LayerDecompressor
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>Opens <paramref name="stored"/> as a tar stream; disposing the result disposes <paramref name="stored"/>.</summary>
    public static Stream Open(Stream stored, LayerCompression declared, string layerName) =>
        Decode(Sniff(stored, declared, layerName, out var whole), whole);

    /// <summary>
    /// Reads the first bytes of <paramref name="stored"/> and returns the compression they show (else
    /// <paramref name="declared"/>); <paramref name="whole"/> is the stored stream again from its first byte (disposing
    /// it disposes <paramref name="stored"/>).
    /// </summary>
    public static LayerCompression Sniff(Stream stored, LayerCompression declared, string layerName, out Stream whole)
    {
        var prefix = new byte[4];
        var got = stored.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        var sniffed = Sniff(prefix.AsSpan(0, got)) ?? declared;
        if (got < prefix.Length && sniffed != LayerCompression.None)
            throw new DrydockException($"{layerName}: blob of {got} bytes is too short to be {sniffed} data");
        whole = new PrefixedReadStream(prefix.AsMemory(0, got), stored);
        return sniffed;
    }

    /// <summary>The tar inside <paramref name="whole"/>, a stored blob of <paramref name="compression"/>; disposing it disposes <paramref name="whole"/>.</summary>
    public static Stream Decode(LayerCompression compression, Stream whole) => compression switch
    {
        // ISA-L when it loads, else GZipStream; both decode concatenated members (pigz, multi-member gzip).
        LayerCompression.Gzip => GzipInflate.Open(whole),
        // libzstd when it loads, else ZstdSharp; both decode concatenated and skippable frames.
        LayerCompression.Zstd => ZstdDecode.Open(whole),
        _ => whole,
    };

    /// <summary>The compression the first bytes show; null when they show a plain tar (or too few bytes to say).</summary>
    internal static LayerCompression? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(GzipMagic)) return LayerCompression.Gzip;
        if (head.StartsWith(ZstdMagic)) return LayerCompression.Zstd;
        return head.Length >= 4 ? LayerCompression.None : null;
    }
}
