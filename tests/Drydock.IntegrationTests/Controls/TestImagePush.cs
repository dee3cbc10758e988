using System.Text.Json;
using Drydock.Images;

namespace Drydock.IntegrationTests.Controls;

/// <summary>One layer of a hand-made image: its gzip bytes, diff id and the history step that "made" it.</summary>
internal sealed record TestLayer(byte[] Gzip, Digest DiffId, string CreatedBy);

/// <summary>
/// Builds small OCI images in the test and pushes them: config (user, env, healthcheck, history) and layers as a
/// builder would write them (image-spec config.md), so the controls read them through the real registry source.
/// </summary>
internal static class TestImagePush
{
    public static TestLayer Layer(string createdBy, params (string Path, string Content, UnixFileMode Mode)[] files)
    {
        var (gzip, diffId) = RegistryPush.Layer(files);
        return new TestLayer(gzip, diffId, createdBy);
    }

    public static TestLayer File(string createdBy, string path, string content) =>
        Layer(createdBy, (path, content, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead));

    /// <summary>Pushes the image as <c>repository:tag</c>; returns the manifest descriptor (its digest is the image digest).</summary>
    public static async Task<Descriptor> PushAsync(
        RegistryPush push, string repository, string tag, IReadOnlyList<TestLayer> layers,
        string? user = "1000", string[]? env = null, string[]? healthcheck = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var config = new Dictionary<string, object?>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = "2026-11-01T00:00:00Z",
            ["config"] = new Dictionary<string, object?>
            {
                ["User"] = user,
                ["Env"] = env ?? ["PATH=/usr/local/bin:/usr/bin:/bin"],
                ["Healthcheck"] = healthcheck is null ? null : new Dictionary<string, object> { ["Test"] = healthcheck },
            },
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = layers.Select(l => l.DiffId.ToString()).ToArray() },
            ["history"] = layers.Select(l => new Dictionary<string, object> { ["created"] = "2026-11-01T00:00:00Z", ["created_by"] = l.CreatedBy }).ToArray(),
        };
        // The Docker config media type: it is the one that carries Healthcheck (CIS 4.6 skips for OCI configs).
        var configDescriptor = await push.BlobAsync(repository, JsonSerializer.SerializeToUtf8Bytes(config), MediaTypes.DockerConfig);
        var layerDescriptors = new List<Descriptor>();
        foreach (var layer in layers) layerDescriptors.Add(await push.BlobAsync(repository, layer.Gzip, MediaTypes.DockerLayerGzip));
        var manifest = new Dictionary<string, object?>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.DockerManifest,
            ["config"] = Describe(configDescriptor),
            ["layers"] = layerDescriptors.Select(Describe).ToArray(),
        };
        var mediaType = MediaTypes.DockerManifest;
        if (annotations is not null)
        {
            // Annotations are an OCI manifest field (image-spec manifest.md); Docker schema 2 has none.
            manifest["mediaType"] = mediaType = MediaTypes.OciManifest;
            manifest["annotations"] = annotations;
        }
        return await push.ManifestAsync(repository, tag, JsonSerializer.Serialize(manifest), mediaType);
    }

    public static Dictionary<string, object?> Describe(Descriptor d)
    {
        var result = new Dictionary<string, object?> { ["mediaType"] = d.MediaType, ["digest"] = d.Digest, ["size"] = d.Size };
        if (d.Annotations is not null) result["annotations"] = d.Annotations;
        if (d.ArtifactType is not null) result["artifactType"] = d.ArtifactType;
        return result;
    }
}
