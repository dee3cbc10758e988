namespace Drydock.Images.Sources;

/// <summary>
/// The <see cref="IImage"/> every file-based source yields: documents already read and verified, layers opened on
/// demand through <see cref="LayerOpener"/> (which verifies as the bytes stream). Disposing releases
/// <see cref="Owner"/> (an open archive, a temp file).
/// </summary>
internal sealed class LoadedImage : IImage
{
    public required string Source { get; init; }
    public ImageReference? Reference { get; init; }
    public Digest? ManifestDigest { get; init; }
    public required ImageManifest Manifest { get; init; }
    public required ReadOnlyMemory<byte> RawConfig { get; init; }
    public required ImageConfig Config { get; init; }
    public required Digest Id { get; init; }
    public required IReadOnlyList<LayerInfo> Layers { get; init; }

    /// <summary>Opens layer i as stored, wrapped in its verifier.</summary>
    public required Func<int, Stream> LayerOpener { get; init; }

    public IDisposable? Owner { get; init; }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Layers.Count);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(LayerOpener(index));
    }

    public ValueTask DisposeAsync()
    {
        Owner?.Dispose();
        return ValueTask.CompletedTask;
    }
}
