using Drydock.Images;

namespace Drydock.Tests.Builders;

/// <summary>
/// An image that answers everything from another one; a test derives from it to change how layers are opened (verified,
/// counted, slowed down) without repeating the rest of <see cref="IImage"/>.
/// </summary>
internal abstract class ForwardingImage(IImage inner) : IImage
{
    protected IImage Inner => inner;
    public string Source => inner.Source;
    public ImageReference? Reference => inner.Reference;
    public Digest? ManifestDigest => inner.ManifestDigest;
    public ImageManifest Manifest => inner.Manifest;
    public ReadOnlyMemory<byte> RawConfig => inner.RawConfig;
    public ImageConfig Config => inner.Config;
    public Digest Id => inner.Id;
    public IReadOnlyList<LayerInfo> Layers => inner.Layers;

    public virtual Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken) => inner.OpenLayerAsync(index, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
