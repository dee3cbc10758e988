namespace Drydock.Images.Sources.Registry;

/// <summary>An image read from a registry. Layers are streamed from the registry on demand and verified as they are read.</summary>
internal sealed class RegistryImage(
    string source,
    ImageReference reference,
    RegistryClient client,
    Digest manifestDigest,
    ImageManifest manifest,
    byte[] rawConfig,
    ImageConfig config,
    IReadOnlyList<LayerInfo> layers) : IImage
{
    public string Source => source;

    public ImageReference? Reference => reference;

    public Digest? ManifestDigest => manifestDigest;

    public ImageManifest Manifest => manifest;

    public ReadOnlyMemory<byte> RawConfig => rawConfig;

    public ImageConfig Config => config;

    public Digest Id => Digest.Parse(manifest.Config.Digest);

    public IReadOnlyList<LayerInfo> Layers => layers;

    /// <summary>The client, for callers that want its rate-limit information after reading.</summary>
    public RegistryClient Client => client;

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, layers.Count);
        return client.OpenBlobAsync(reference.Repository, layers[index].Descriptor, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
