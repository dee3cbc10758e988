using System.Text;
using System.Text.Json;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Freshness;

/// <summary>An in-memory registry: tags → manifest digests, content-addressed manifests and blobs. Counts HEADs/GETs.</summary>
internal sealed class FakeRegistryLookup : IRegistryLookup
{
    private readonly Dictionary<string, Digest> _tags = [];
    private readonly Dictionary<string, RegistryManifest> _manifests = [];
    private readonly Dictionary<string, byte[]> _blobs = [];

    public RateLimitInfo? RateLimit { get; set; }
    public int Resolves { get; private set; }
    public int ManifestGets { get; private set; }
    public int BlobGets { get; private set; }
    public List<string> Tags { get; } = [];

    /// <summary>Adds an image (config with these diff ids) and returns (manifest digest, config digest).</summary>
    public (Digest Manifest, string ConfigId) AddImage(string arch, string[] diffIds, string created = "2026-01-01T00:00:00Z", string? baseName = null)
    {
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"{{{arch}}}","os":"linux","created":"{{{created}}}","rootfs":{"type":"layers","diff_ids":[{{{string.Join(",", diffIds.Select(d => $"\"{d}\""))}}}]}}""");
        var configId = Digest.Sha256(config).ToString();
        _blobs[configId] = config;
        var annotations = baseName is null ? "" : $$""","annotations":{"org.opencontainers.image.base.name":"{{baseName}}"}""";
        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{configId}}","size":{{config.Length}}},"layers":[]{{annotations}}}""");
        var digest = Digest.Sha256(manifest);
        _manifests[digest.ToString()] = new RegistryManifest(manifest, MediaTypes.OciManifest, digest);
        return (digest, configId);
    }

    public Digest AddIndex(params (string Arch, Digest Manifest)[] entries)
    {
        var index = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OciIndex + "\",\"manifests\":[" + string.Join(",", entries.Select(e =>
                $$$"""{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{e.Manifest}}}","size":{{{_manifests[e.Manifest.ToString()].Bytes.Length}}},"platform":{"os":"linux","architecture":"{{{e.Arch}}}"}}""")) + "]}");
        var digest = Digest.Sha256(index);
        _manifests[digest.ToString()] = new RegistryManifest(index, MediaTypes.OciIndex, digest);
        return digest;
    }

    public void Tag(string repositoryTag, Digest digest) => _tags[repositoryTag] = digest;

    public Task<Digest> ResolveDigestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        Resolves++;
        return _tags.TryGetValue($"{reference.Repository}:{reference.Tag}", out var d)
            ? Task.FromResult(d)
            : throw new DrydockException($"registry {reference.Registry}: manifest unknown: {reference.Repository}:{reference.Tag} (404)");
    }

    public Task<RegistryManifest> GetManifestAsync(string repository, string tagOrDigest, CancellationToken cancellationToken)
    {
        ManifestGets++;
        return Task.FromResult(_manifests[tagOrDigest]);
    }

    public Task<byte[]> GetBlobBytesAsync(string repository, Descriptor descriptor, long limit, CancellationToken cancellationToken)
    {
        BlobGets++;
        return Task.FromResult(_blobs[descriptor.Digest]);
    }

    /// <summary>The image under <paramref name="digest"/> as a scan that just read it knows it (<see cref="FreshnessRequest.Known"/>).</summary>
    public KnownManifest Known(Digest digest)
    {
        var manifest = JsonSerializer.Deserialize(_manifests[digest.ToString()].Bytes.ToArray(), SourceJsonContext.Default.ImageManifest)!;
        return new KnownManifest(digest, manifest, JsonSerializer.Deserialize(_blobs[manifest.Config.Digest], SourceJsonContext.Default.ImageConfig)!);
    }

    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Tags);
}
