using System.Text.RegularExpressions;
using Drydock.Images.Sources.Archives;

namespace Drydock.Images.Sources.DockerArchive;

/// <summary>
/// Loads one image of a docker-archive. What is verified (a docker-archive has no manifest to sign its blobs):
/// the config's sha256 must match its file name when the name carries a digest (<c>&lt;hex&gt;.json</c>,
/// <c>blobs/sha256/&lt;hex&gt;</c>); an uncompressed layer (the usual case) is verified while it streams against
/// its diff id from the config; a compressed layer is verified against the digest its file name carries, and one
/// with no such name against a sha256 computed here in one pass, which then only records what the archive holds.
/// The manifest is synthesised (Docker schema 2 types), so <see cref="IImage.ManifestDigest"/> is null.
/// </summary>
internal static partial class DockerArchiveImageReader
{
    public static LoadedImage Read(TarArchive archive, DockerArchiveManifestEntry entry, ImageReference? reference, string source, CancellationToken cancellationToken)
    {
        var location = archive.Location;
        if (string.IsNullOrEmpty(entry.Config)) throw new DrydockException($"manifest.json in {location}: an image has no Config");
        if (!archive.TryGetLength(entry.Config, out var configLength))
            throw new DrydockException($"config {entry.Config} is missing from {location}");
        if (configLength > BlobLimits.Config) throw BlobLimits.TooLarge($"config {entry.Config} in {location}", configLength, BlobLimits.Config);
        byte[] rawConfig;
        using (var s = archive.Open(entry.Config)) rawConfig = BlobLimits.ReadAll(s, BlobLimits.Config, $"config {entry.Config} in {location}");
        var id = Digest.Sha256(rawConfig);
        if (DigestInName(entry.Config) is { } named && named != id)
            throw new DrydockException($"digest mismatch for config {entry.Config} in {location}: content is {id}");
        var config = ImageDocuments.Parse(rawConfig, SourceJsonContext.Default.ImageConfig, $"config {entry.Config} in {location}", cancellationToken);

        var layerPaths = entry.Layers ?? [];
        var diffIds = ImageDocuments.DiffIds(config, layerPaths.Count, $"{location} ({entry.Config})");
        var layers = new LayerInfo[layerPaths.Count];
        for (var i = 0; i < layers.Length; i++)
        {
            var layerPath = layerPaths[i];
            if (!archive.TryGetLength(layerPath, out var size))
                throw new DrydockException($"layer {i} ({layerPath}) is missing from {location}");
            LayerCompression compression;
            using (var head = archive.Open(layerPath)) compression = LayerCompressions.Sniff(head);
            var stored = compression == LayerCompression.None
                ? diffIds[i]
                : DigestInName(layerPath) ?? HashStored(archive, layerPath);
            var descriptor = new Descriptor { MediaType = LayerCompressions.DockerMediaType(compression), Digest = stored.ToString(), Size = size };
            layers[i] = new LayerInfo(i, descriptor, diffIds[i], compression);
        }

        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = id.ToString(), Size = rawConfig.Length },
            Layers = [.. layers.Select(l => l.Descriptor)],
        };
        return new LoadedImage
        {
            Source = source,
            Reference = reference,
            ManifestDigest = null,
            Manifest = manifest,
            RawConfig = rawConfig,
            Config = config,
            Id = id,
            Layers = layers,
            LayerOpener = i => new DigestVerifyingStream(archive.Open(layerPaths[i]), Digest.Parse(layers[i].Descriptor.Digest),
                layers[i].Descriptor.Size, $"layer {i} ({layerPaths[i]}) in {location}"),
            Owner = archive,
        };
    }

    /// <summary>The sha256 a file name carries: <c>&lt;hex&gt;.json</c>, <c>&lt;hex&gt;.tar</c>, <c>blobs/sha256/&lt;hex&gt;</c>.</summary>
    internal static Digest? DigestInName(string name)
    {
        var m = DigestNamePattern().Match(name);
        return m.Success ? new Digest("sha256", m.Groups[1].Value) : null;
    }

    private static Digest HashStored(TarArchive archive, string name)
    {
        using var s = archive.Open(name);
        return new Digest("sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s)));
    }

    [GeneratedRegex(@"(?:^|/)(?:sha256/)?([a-f0-9]{64})(?:\.json|\.tar)?$")]
    private static partial Regex DigestNamePattern();
}
