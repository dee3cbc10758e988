using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Images;

namespace Drydock.Tests.Builders;

/// <summary>
/// Builds real images on disk for source tests: a config + layers (plain, gzip or zstd) written as an OCI layout
/// (with tags, platforms, nested indexes), an oci-archive, or a docker-archive in the legacy (<c>&lt;id&gt;/layer.tar</c>),
/// skopeo (<c>&lt;sha256&gt;.tar</c>) or Docker 25+ OCI-in-tar layout, one or several images per tar.
/// </summary>
internal sealed class ImageBuilder
{
    private readonly List<(byte[] Tar, LayerCompression Compression)> _layers = [];
    private readonly List<(string CreatedBy, bool Empty)> _history = [];
    private string _os = "linux";
    private string _arch = "amd64";
    private string? _variant;
    private string? _user;
    private readonly SortedDictionary<string, string> _labels = new(StringComparer.Ordinal);

    public ImageBuilder Layer(TarBuilder tar, LayerCompression compression = LayerCompression.None) => Layer(tar.Build(), compression);

    public ImageBuilder Layer(byte[] tar, LayerCompression compression = LayerCompression.None)
    {
        _layers.Add((tar, compression));
        _history.Add(($"/bin/sh -c #(nop) ADD layer {_layers.Count - 1}", false));
        return this;
    }

    public ImageBuilder EmptyStep(string createdBy)
    {
        _history.Add((createdBy, true));
        return this;
    }

    public ImageBuilder Platform(string os, string arch, string? variant = null)
    {
        (_os, _arch, _variant) = (os, arch, variant);
        return this;
    }

    public ImageBuilder User(string user)
    {
        _user = user;
        return this;
    }

    public ImageBuilder Label(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    /// <summary>The image as OCI blobs: the manifest descriptor and every blob by digest text.</summary>
    public BuiltImage Build()
    {
        var stored = _layers.Select(l => l.Compression switch
        {
            LayerCompression.Gzip => TarBuilder.Gzip(l.Tar),
            LayerCompression.Zstd => TarBuilder.Zstd(l.Tar),
            _ => l.Tar,
        }).ToList();
        var config = ConfigBytes();
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Digest.Sha256(config).ToString()] = config };
        var layerDescriptors = new JsonArray();
        for (var i = 0; i < stored.Count; i++)
        {
            blobs[Digest.Sha256(stored[i]).ToString()] = stored[i];
            layerDescriptors.Add(Descriptor(LayerMediaType(_layers[i].Compression), stored[i]));
        }
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = Descriptor(MediaTypes.OciConfig, config),
            ["layers"] = layerDescriptors,
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        blobs[Digest.Sha256(manifestBytes).ToString()] = manifestBytes;
        var platform = new JsonObject { ["os"] = _os, ["architecture"] = _arch };
        if (_variant is not null) platform["variant"] = _variant;
        var descriptor = Descriptor(MediaTypes.OciManifest, manifestBytes);
        return new BuiltImage(descriptor, platform, config, [.. _layers.Select(l => l.Tar)], stored, blobs);
    }

    public byte[] ConfigBytes()
    {
        var config = new JsonObject
        {
            ["created"] = "2024-01-02T03:04:05Z",
            ["architecture"] = _arch,
            ["os"] = _os,
            ["config"] = new JsonObject
            {
                ["User"] = _user,
                ["Env"] = new JsonArray("PATH=/usr/bin"),
                ["Cmd"] = new JsonArray("/bin/sh"),
                ["Labels"] = new JsonObject(_labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            },
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray([.. _layers.Select(l => (JsonNode?)Digest.Sha256(l.Tar).ToString())]),
            },
            ["history"] = new JsonArray([.. _history.Select(h => (JsonNode?)new JsonObject
            {
                ["created"] = "2024-01-02T03:04:05Z",
                ["created_by"] = h.CreatedBy,
                ["empty_layer"] = h.Empty,
            })]),
        };
        if (_variant is not null) config["variant"] = _variant;
        return Encoding.UTF8.GetBytes(config.ToJsonString());
    }

    public static JsonObject Descriptor(string mediaType, byte[] content) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = Digest.Sha256(content).ToString(),
        ["size"] = content.Length,
    };

    private static string LayerMediaType(LayerCompression c) => c switch
    {
        LayerCompression.Gzip => MediaTypes.OciLayerGzip,
        LayerCompression.Zstd => MediaTypes.OciLayerZstd,
        _ => MediaTypes.OciLayer,
    };

    /// <summary>Writes an OCI layout with one image (optionally tagged) and returns it.</summary>
    public BuiltImage WriteOciLayout(string directory, string? tag = null)
    {
        var image = Build();
        OciLayoutWriter.Write(directory, [OciLayoutWriter.Tagged(image.Descriptor, tag)], image.Blobs);
        return image;
    }

    /// <summary>Writes a docker-archive holding this image with <paramref name="repoTags"/>.</summary>
    public BuiltImage WriteDockerArchive(string path, DockerArchiveLayout layout, params string[] repoTags)
    {
        var image = Build();
        DockerArchiveWriter.Write(path, layout, [(image, repoTags)]);
        return image;
    }
}

/// <summary>An image built by <see cref="ImageBuilder"/>: its manifest descriptor (JSON), platform and blobs.</summary>
internal sealed record BuiltImage(
    JsonObject Descriptor, JsonObject Platform, byte[] Config, IReadOnlyList<byte[]> LayerTars, IReadOnlyList<byte[]> StoredLayers,
    IReadOnlyDictionary<string, byte[]> Blobs)
{
    public Digest ManifestDigest => Drydock.Images.Digest.Parse((string)Descriptor["digest"]!);
    public Digest ConfigDigest => Drydock.Images.Digest.Sha256(Config);
    public Digest LayerDigest(int i) => Drydock.Images.Digest.Sha256(StoredLayers[i]);

    /// <summary>The descriptor with its platform, as a multi-platform index lists it.</summary>
    public JsonObject WithPlatform()
    {
        var d = (JsonObject)Descriptor.DeepClone();
        d["platform"] = Platform.DeepClone();
        return d;
    }
}

/// <summary>The three shapes of a docker-archive.</summary>
public enum DockerArchiveLayout
{
    Legacy,
    Skopeo,
    OciInTar,
}
