using Drydock.Images;

namespace Drydock.Tests.Builders;

/// <summary>
/// An in-memory <see cref="IImage"/> whose layers are given as stored blobs (compressed or not). Diff ids are computed
/// from the blobs unless a test overrides one (to provoke a mismatch). The stored digest is not re-verified here:
/// that is the sources' job, tested with them.
/// </summary>
internal sealed class FakeImage : IImage
{
    private readonly List<byte[]> _blobs = [];
    private readonly List<LayerInfo> _layers = [];

    public string Source { get; init; } = "fake:test";
    public ImageReference? Reference { get; init; }
    public Digest? ManifestDigest => null;
    public ImageManifest Manifest => new() { SchemaVersion = 2, MediaType = MediaTypes.OciManifest };
    public ReadOnlyMemory<byte> RawConfig => "{}"u8.ToArray();
    public ImageConfig Config => new() { Os = "linux", Architecture = "amd64" };
    public Digest Id => Digest.Sha256(RawConfig.Span);
    public IReadOnlyList<LayerInfo> Layers => _layers;

    /// <summary>Adds a layer: <paramref name="tar"/> is the uncompressed tar (for the diff id), <paramref name="stored"/> the blob.</summary>
    public FakeImage Layer(byte[] tar, byte[]? stored = null, LayerCompression compression = LayerCompression.None,
        Digest? diffId = null)
    {
        stored ??= tar;
        var mediaType = compression switch
        {
            LayerCompression.Gzip => MediaTypes.OciLayerGzip,
            LayerCompression.Zstd => MediaTypes.OciLayerZstd,
            _ => MediaTypes.OciLayer,
        };
        var descriptor = new Descriptor { MediaType = mediaType, Digest = Digest.Sha256(stored).ToString(), Size = stored.Length };
        _layers.Add(new LayerInfo(_layers.Count, descriptor, diffId ?? Digest.Sha256(tar), compression));
        _blobs.Add(stored);
        return this;
    }

    public FakeImage Layer(TarBuilder tar) => Layer(tar.Build());

    public FakeImage GzipLayer(TarBuilder tar)
    {
        var plain = tar.Build();
        return Layer(plain, TarBuilder.Gzip(plain), LayerCompression.Gzip);
    }

    public int OpenCount { get; private set; }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
    {
        OpenCount++;
        return Task.FromResult<Stream>(new MemoryStream(_blobs[index], writable: false));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
