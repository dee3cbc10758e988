using System.Text;
using System.Text.Json.Nodes;
using Drydock.Images;

namespace Drydock.Tests.Builders;

/// <summary>Writes OCI image layouts (image-spec image-layout.md) and their tar form (oci-archive) for tests.</summary>
internal static class OciLayoutWriter
{
    public static void Write(string directory, IEnumerable<JsonObject> indexEntries, params IReadOnlyDictionary<string, byte[]>[] blobSets)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllBytes(Path.Combine(directory, "index.json"), IndexBytes(indexEntries));
        foreach (var blobs in blobSets)
        {
            foreach (var (digest, bytes) in blobs) WriteBlob(directory, digest, bytes);
        }
    }

    public static byte[] IndexBytes(IEnumerable<JsonObject> entries) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.OciIndex,
        ["manifests"] = new JsonArray([.. entries.Select(e => (JsonNode)e.DeepClone())]),
    }.ToJsonString());

    /// <summary>Adds an index blob (nested index) to <paramref name="blobs"/> and returns its descriptor.</summary>
    public static JsonObject NestedIndex(IEnumerable<JsonObject> entries, Dictionary<string, byte[]> blobs)
    {
        var bytes = IndexBytes(entries);
        blobs[Digest.Sha256(bytes).ToString()] = bytes;
        return ImageBuilder.Descriptor(MediaTypes.OciIndex, bytes);
    }

    public static JsonObject Tagged(JsonObject descriptor, string? tag, string annotation = "org.opencontainers.image.ref.name")
    {
        var d = (JsonObject)descriptor.DeepClone();
        if (tag is not null) d["annotations"] = new JsonObject { [annotation] = tag };
        return d;
    }

    public static string BlobPath(string directory, string digest)
    {
        var d = Digest.Parse(digest);
        return Path.Combine(directory, "blobs", d.Algorithm, d.Hex);
    }

    public static void WriteBlob(string directory, string digest, byte[] bytes)
    {
        var path = BlobPath(directory, digest);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Tars a layout directory (entries in ordinal order) into an oci-archive.</summary>
    public static void Archive(string directory, string archivePath)
    {
        var tar = new TarBuilder();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            tar.File(Path.GetRelativePath(directory, file).Replace('\\', '/'), File.ReadAllBytes(file));
        File.WriteAllBytes(archivePath, tar.Build());
    }
}
