namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Reads an image from a registry (<c>registry:REF</c> or a bare reference): the manifest (through the index for the
/// wanted platform, nested indexes included), the verified config, and layers streamed on demand.
/// </summary>
public sealed class RegistryImageSource(ImageReference reference, string? source = null, RegistryClientOptions? clientOptions = null) : IImageSource
{
    private const long ConfigLimit = BlobLimits.Config;
    private const int MaxIndexDepth = 4;

    public ImageReference Reference => reference;

    public async Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken)
    {
        var client = new RegistryClient(reference.Registry, clientOptions ?? RegistryClientOptions.From(options));
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
            var rawConfig = await client.GetBlobBytesAsync(repo, manifest.Config, ConfigLimit, cancellationToken);
            var config = ImageDocuments.Parse(rawConfig, SourceJsonContext.Default.ImageConfig, what + " config", cancellationToken);
            var diffIds = ImageDocuments.DiffIds(config, manifest.Layers.Count, what);
            var layers = manifest.Layers.Select((d, i) => new LayerInfo(i, d, diffIds[i],
                LayerCompressions.FromMediaType(d.MediaType) ?? throw new DrydockException($"{what}: unknown layer media type '{d.MediaType}'"))).ToList();
            return new RegistryImage(source ?? "registry:" + reference, reference.WithDigest(top.Digest), client,
                current.Digest, manifest, rawConfig, config, layers);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
