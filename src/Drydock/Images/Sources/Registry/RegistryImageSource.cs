namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Reads an image from a registry (<c>registry:REF</c> or a bare reference): the manifest (through the index for the
/// wanted platform, nested indexes included), the verified config, and layers streamed on demand.
/// </summary>
public sealed class RegistryImageSource(ImageReference reference, string? source = null, RegistryClientOptions? clientOptions = null) : IImageSource
{
    private const long ConfigLimit = BlobLimits.Config;
    private const int MaxIndexDepth = 4;

    /// <summary>The most layer blobs asked for before the caller opens them (a scan starts two walks at once).</summary>
    internal const int MaxEarlyLayers = 3;

    public ImageReference Reference => reference;

    public async Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken)
    {
        var client = new RegistryClient(reference.Registry, clientOptions ?? RegistryClientOptions.From(options));
        Dictionary<int, Task<Stream>>? early = null;
        var earlyStop = options.FirstLayerReads is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var repo = reference.Repository;
            var what = $"registry {reference.Registry}: {reference.Familiar}";
            var top = await client.GetManifestAsync(repo, reference.Digest?.ToString() ?? reference.Tag ?? "latest", cancellationToken);
            var current = top;
            for (var depth = 0; current.IsIndex; depth++)
            {
                if (depth == MaxIndexDepth) throw new DrydockException($"{what}: image indexes nested deeper than {MaxIndexDepth}");
                var index = ImageDocuments.Parse(current.Bytes, SourceJsonContext.Default.ImageIndex, what, cancellationToken);
                var chosen = IndexPlatformSelector.Select(index, options.Platform ?? Platform.Host, what);
                current = await client.GetManifestAsync(repo, Digest.Parse(chosen.Digest).ToString(), cancellationToken);
            }
            var manifest = ImageDocuments.Parse(current.Bytes, SourceJsonContext.Default.ImageManifest, what, cancellationToken);
            if (manifest.Config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig))
                throw new DrydockException($"{what}: not a container image (config media type '{manifest.Config.MediaType}')");
            options.Progress.Report("registry", reference.Familiar, 0, manifest.Layers.Count);
            if (earlyStop is not null) StartEarly(early = [], client, repo, manifest.Layers, options.FirstLayerReads!, earlyStop.Token);
            var rawConfig = await client.GetBlobBytesAsync(repo, manifest.Config, ConfigLimit, cancellationToken);
            var config = ImageDocuments.Parse(rawConfig, SourceJsonContext.Default.ImageConfig, what + " config", cancellationToken);
            var diffIds = ImageDocuments.DiffIds(config, manifest.Layers.Count, what);
            var layers = manifest.Layers.Select((d, i) => new LayerInfo(i, d, diffIds[i],
                LayerCompressions.FromMediaType(d.MediaType) ?? throw new DrydockException($"{what}: unknown layer media type '{d.MediaType}'"))).ToList();
            return new RegistryImage(source ?? "registry:" + reference, reference.WithDigest(top.Digest), client,
                current.Digest, manifest, rawConfig, config, layers, earlyStop is null ? null : new EarlyBlobs(early ?? [], earlyStop),
                readByTag: reference.Digest is null);
        }
        catch
        {
            if (earlyStop is not null) await EarlyBlobs.ReleaseAsync(early, earlyStop);
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The blob requests of the layers the caller reads first (<see cref="ImageOpenOptions.FirstLayerReads"/>), started
    /// now so that they are answered while the config is fetched; at most <see cref="MaxEarlyLayers"/>, and only layers
    /// of a known media type with a well-formed digest (anything else fails later, where it always did).
    /// </summary>
    private static void StartEarly(Dictionary<int, Task<Stream>> early, RegistryClient client, string repository, IReadOnlyList<Descriptor> layers,
        FirstLayerReads firstReads, CancellationToken cancellationToken)
    {
        foreach (var index in firstReads(layers))
        {
            if (early.Count == MaxEarlyLayers) break;
            if (index < 0 || index >= layers.Count || early.ContainsKey(index)) continue;
            var layer = layers[index];
            if (LayerCompressions.FromMediaType(layer.MediaType) is null || !Digest.TryParse(layer.Digest, out _)) continue;
            early[index] = client.OpenBlobAsync(repository, layer, cancellationToken);
        }
    }
}
