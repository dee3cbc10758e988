using System.Security.Cryptography;
using System.Text.Json;
using Drydock.Images;
using Drydock.Images.Layers;

namespace Drydock.Benchmarks;

/// <summary>
/// The minimum of an OCI image layout (image-spec image-layout.md) the layer benchmark needs: the first manifest of
/// index.json (following nested indexes), its config's diff ids and its layer blobs, each verified against its digest
/// while streamed as a real source does. Not a product source: Images/Sources owns that.
/// </summary>
internal sealed class OciLayoutImage : IImage
{
    private readonly string _root;
    private readonly byte[] _config;

    private OciLayoutImage(string root, ImageManifest manifest, byte[] config, IReadOnlyList<LayerInfo> layers)
    {
        _root = root;
        Manifest = manifest;
        _config = config;
        Layers = layers;
        Config = JsonSerializer.Deserialize<ImageConfig>(config)!;
    }

    public string Source => "oci:" + _root;
    public ImageReference? Reference => null;
    public Digest? ManifestDigest => null;
    public ImageManifest Manifest { get; }
    public ReadOnlyMemory<byte> RawConfig => _config;
    public ImageConfig Config { get; }
    public Digest Id => Digest.Sha256(_config);
    public IReadOnlyList<LayerInfo> Layers { get; }

    public string BlobPath(string digest) => Path.Combine(_root, "blobs", digest.Replace(':', '/'));

    public static OciLayoutImage Open(string root)
    {
        var descriptor = JsonSerializer.Deserialize<ImageIndex>(File.ReadAllBytes(Path.Combine(root, "index.json")))!.Manifests[0];
        while (MediaTypes.IsIndex(descriptor.MediaType))
            descriptor = JsonSerializer.Deserialize<ImageIndex>(File.ReadAllBytes(Blob(root, descriptor.Digest)))!.Manifests[0];
        var manifest = JsonSerializer.Deserialize<ImageManifest>(File.ReadAllBytes(Blob(root, descriptor.Digest)))!;
        var config = File.ReadAllBytes(Blob(root, manifest.Config.Digest));
        var diffIds = JsonSerializer.Deserialize<ImageConfig>(config)!.RootFs!.DiffIds;
        var layers = manifest.Layers.Select((l, i) => new LayerInfo(i, l, Digest.Parse(diffIds[i]), Compression(l.MediaType))).ToList();
        return new OciLayoutImage(root, manifest, config, layers);
    }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
    {
        var digest = Digest.Parse(Layers[index].Descriptor.Digest);
        var file = new FileStream(BlobPath(digest.ToString()), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Task.FromResult<Stream>(new VerifyingStream(file, digest));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Blob(string root, string digest) => Path.Combine(root, "blobs", digest.Replace(':', '/'));

    private static LayerCompression Compression(string mediaType) =>
        mediaType.EndsWith("gzip", StringComparison.Ordinal) ? LayerCompression.Gzip
        : mediaType.EndsWith("zstd", StringComparison.Ordinal) ? LayerCompression.Zstd
        : LayerCompression.None;

    // The source's job in the product: hash the stored bytes as they stream and fail at their end on a mismatch.
    private sealed class VerifyingStream(Stream inner, Digest expected) : ObservingReadStream(inner)
    {
        private readonly IncrementalHash _hash = expected.CreateHash();

        protected override void Observe(ReadOnlySpan<byte> chunk)
        {
            _hash.AppendData(chunk);
            if (chunk.IsEmpty && Convert.ToHexStringLower(_hash.GetCurrentHash()) != expected.Hex)
                throw new DrydockException($"blob {expected}: digest mismatch");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
