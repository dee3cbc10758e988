using System.Text.Json;
using Drydock.Images;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Attaches an artifact to an image as an OCI referrer (image-spec manifest.md "subject"): an OCI manifest whose one layer
/// is the artifact, pushed by digest, then the referrers tag-schema index <c>sha256-&lt;hex&gt;</c> listing it, which is what
/// a client writes when the registry (distribution 2.8) has no referrers API.
/// </summary>
internal static class Referrers
{
    private static readonly byte[] EmptyJson = "{}"u8.ToArray();

    public static async Task AttachAsync(RegistryPush push, string repository, Descriptor image, byte[] artifact, string artifactType, string layerMediaType)
    {
        var config = await push.BlobAsync(repository, EmptyJson, MediaTypes.OciEmpty);
        var layer = await push.BlobAsync(repository, artifact, layerMediaType);
        var referrer = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["artifactType"] = artifactType,
            ["config"] = TestImagePush.Describe(config),
            ["layers"] = new[] { TestImagePush.Describe(layer) },
            ["subject"] = TestImagePush.Describe(image),
        });
        var referrerDescriptor = await push.ManifestAsync(repository, "", referrer, MediaTypes.OciManifest, artifactType);
        var index = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new[] { TestImagePush.Describe(referrerDescriptor) },
        });
        await push.ManifestAsync(repository, $"sha256-{Digest.Parse(image.Digest).Hex}", index, MediaTypes.OciIndex);
    }
}
