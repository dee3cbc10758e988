namespace Drydock.Images.Sources.OciLayout;

/// <summary>
/// Turns a chosen manifest of an OCI layout (directory or archive) into an <see cref="IImage"/>: parses the manifest,
/// reads and verifies the config, and describes each layer (compression from its media type, sniffed for Docker's
/// types). Layers are opened later, verified while they stream.
/// </summary>
internal static class OciImageReader
{
    public static LoadedImage Read(IBlobStore store, Descriptor manifestDescriptor, byte[] manifestBytes, string source, ImageReference? reference, CancellationToken cancellationToken)
    {
        var manifestDigest = ImageDocuments.DigestOf(manifestDescriptor, $"manifest in {store.Location}");
        var where = $"manifest {manifestDigest} in {store.Location}";
        var manifest = ImageDocuments.Parse(manifestBytes, SourceJsonContext.Default.ImageManifest, where, cancellationToken);
        if (manifest.SchemaVersion != 2) throw new DrydockException($"{where} has schemaVersion {manifest.SchemaVersion}, expected 2");
        if (manifest.Config is null) throw new DrydockException($"{where} has no config descriptor");
        if (manifest.Layers is null) manifest = manifest with { Layers = [] };
        if (manifest.Config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig))
            throw new DrydockException($"{where}: unsupported config media type '{manifest.Config.MediaType}' (not a container image)");

        var rawConfig = OciBlobs.ReadDocument(store, manifest.Config, BlobLimits.Config, "config");
        var configDigest = ImageDocuments.DigestOf(manifest.Config, where);
        var config = ImageDocuments.Parse(rawConfig, SourceJsonContext.Default.ImageConfig, $"config {configDigest} in {store.Location}", cancellationToken);
        var diffIds = ImageDocuments.DiffIds(config, manifest.Layers.Count, where);

        var layers = new LayerInfo[manifest.Layers.Count];
        for (var i = 0; i < layers.Length; i++)
        {
            var d = manifest.Layers[i];
            var digest = ImageDocuments.DigestOf(d, $"{where}, layer {i}");
            var compression = LayerCompressions.FromMediaType(d.MediaType)
                ?? throw new DrydockException($"{where}: layer {i} has unknown media type '{d.MediaType}'");
            if (LayerCompressions.NeedsSniffing(d.MediaType) && store.TryGetLength(OciBlobs.NameOf(digest), out _))
            {
                using var head = store.Open(OciBlobs.NameOf(digest));
                compression = LayerCompressions.Sniff(head);
            }
            layers[i] = new LayerInfo(i, d, diffIds[i], compression);
        }

        return new LoadedImage
        {
            Source = source,
            Reference = reference,
            ManifestDigest = manifestDigest,
            Manifest = manifest,
            RawConfig = rawConfig,
            Config = config,
            Id = configDigest,
            Layers = layers,
            LayerOpener = i => OciBlobs.OpenVerified(store, layers[i].Descriptor, Digest.Parse(layers[i].Descriptor.Digest),
                $"layer {i} ({layers[i].Descriptor.Digest}) in {store.Location}"),
            Owner = store,
        };
    }
}
