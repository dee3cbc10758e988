namespace Drydock.Images.Sources;

/// <summary>
/// Layer compression from the media type (OCI image-spec media-types.md, Docker image manifest v2.2), and from the
/// first bytes of the blob where the media type does not say (docker-archive layers, Docker's "diff.tar" type that
/// some tools use for gzip content): gzip starts 1f 8b (RFC 1952), zstd 28 b5 2f fd (RFC 8878).
/// </summary>
internal static class LayerCompressions
{
    /// <summary>The compression a layer media type declares, or null when the type is not a known layer type.</summary>
    public static LayerCompression? FromMediaType(string mediaType) => mediaType switch
    {
        MediaTypes.OciLayer or MediaTypes.OciLayerNonDistributable or MediaTypes.DockerLayerTar => LayerCompression.None,
        MediaTypes.OciLayerGzip or MediaTypes.OciLayerNonDistributableGzip
            or MediaTypes.DockerLayerGzip or MediaTypes.DockerLayerForeignGzip => LayerCompression.Gzip,
        MediaTypes.OciLayerZstd or MediaTypes.OciLayerNonDistributableZstd => LayerCompression.Zstd,
        _ => null,
    };

    /// <summary>Docker's layer types are not always truthful about compression, so their content is sniffed.</summary>
    public static bool NeedsSniffing(string mediaType) =>
        mediaType.StartsWith("application/vnd.docker.image.rootfs.", StringComparison.Ordinal);

    public static LayerCompression Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0x1f, 0x8b, ..] => LayerCompression.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => LayerCompression.Zstd,
        _ => LayerCompression.None,
    };

    /// <summary>Reads up to four bytes from the start of a fresh stream and sniffs them.</summary>
    public static LayerCompression Sniff(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Sniff(head[..n]);
    }

    /// <summary>The media type Drydock reports for a layer it found with <paramref name="compression"/> and no declared type.</summary>
    public static string DockerMediaType(LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => MediaTypes.DockerLayerGzip,
        LayerCompression.Zstd => MediaTypes.OciLayerZstd,
        _ => MediaTypes.DockerLayerTar,
    };
}
