using System.Security.Cryptography;
using System.Text.Json;
using Drydock.Images;

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

    private sealed class VerifyingStream(Stream inner, Digest expected) : Stream
    {
        private readonly IncrementalHash _hash = expected.CreateHash();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _hash.AppendData(buffer[..n]);
            if (n == 0 && buffer.Length > 0 && Convert.ToHexStringLower(_hash.GetCurrentHash()) != expected.Hex)
                throw new DrydockException($"blob {expected}: digest mismatch");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
