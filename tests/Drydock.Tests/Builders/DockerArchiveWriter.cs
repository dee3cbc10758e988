using System.Text;
using System.Text.Json.Nodes;
using Drydock.Images;

namespace Drydock.Tests.Builders;

/// <summary>
/// Writes <c>docker save</c> tars as moby (legacy <c>&lt;id&gt;/layer.tar</c>), skopeo (<c>&lt;sha256&gt;.tar</c> plus
/// <c>&lt;id&gt;/layer.tar</c> symlinks) and Docker 25+ (OCI layout + manifest.json pointing into blobs/) write them.
/// Layers are stored as the builder compressed them (docker-archives are normally uncompressed).
/// </summary>
internal static class DockerArchiveWriter
{
    public static void Write(string path, DockerArchiveLayout layout, IReadOnlyList<(BuiltImage Image, string[] RepoTags)> images)
    {
        var tar = new TarBuilder();
        var written = new HashSet<string>(StringComparer.Ordinal);
        var manifest = new JsonArray();
        var ociEntries = new List<JsonObject>();
        foreach (var (image, tags) in images)
        {
            var configName = layout == DockerArchiveLayout.OciInTar ? "blobs/sha256/" + image.ConfigDigest.Hex : image.ConfigDigest.Hex + ".json";
            Add(tar, written, configName, image.Config);
            var layers = new JsonArray();
            for (var i = 0; i < image.StoredLayers.Count; i++)
            {
                var hex = image.LayerDigest(i).Hex;
                var id = Digest.Sha256(Encoding.UTF8.GetBytes(image.ConfigDigest + "/" + i)).Hex;
                switch (layout)
                {
                    case DockerArchiveLayout.Legacy:
                        Add(tar, written, id + "/VERSION", "1.0"u8.ToArray());
                        Add(tar, written, id + "/layer.tar", image.StoredLayers[i]);
                        layers.Add(id + "/layer.tar");
                        break;
                    case DockerArchiveLayout.Skopeo:
                        Add(tar, written, hex + ".tar", image.StoredLayers[i]);
                        if (written.Add(id + "/layer.tar")) tar.Symlink(id + "/layer.tar", "../" + hex + ".tar");
                        layers.Add(hex + ".tar");
                        break;
                    default:
                        Add(tar, written, "blobs/sha256/" + hex, image.StoredLayers[i]);
                        layers.Add("blobs/sha256/" + hex);
                        break;
                }
            }
            manifest.Add(new JsonObject
            {
                ["Config"] = configName,
                ["RepoTags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]),
                ["Layers"] = layers,
            });
            if (layout == DockerArchiveLayout.OciInTar)
            {
                foreach (var (digest, bytes) in image.Blobs) Add(tar, written, "blobs/sha256/" + Digest.Parse(digest).Hex, bytes);
                ociEntries.Add(image.Descriptor);
            }
        }
        if (layout == DockerArchiveLayout.OciInTar)
        {
            tar.File("oci-layout", """{"imageLayoutVersion":"1.0.0"}""");
            tar.File("index.json", OciLayoutWriter.IndexBytes(ociEntries));
        }
        tar.File("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        File.WriteAllBytes(path, tar.Build());
    }

    private static void Add(TarBuilder tar, HashSet<string> written, string name, byte[] content)
    {
        if (written.Add(name)) tar.File(name, content);
    }
}
