using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Drydock.Benchmarks;

/// <summary>
/// Writes the OCI layouts issue 18 measures (bench/hostile-bench.sh): <c>files-1x1m</c>, one gzip layer of 1,000,000
/// small files; <c>files-5x1m</c>, five such layers; <c>layer-1g</c>, one uncompressed layer of 1 GiB (64 files of
/// 16 MiB). Each is written once and reused.
/// </summary>
internal static class HostileImages
{
    public static int Write(string root, int files)
    {
        Directory.CreateDirectory(root);
        Layout(Path.Combine(root, "files-1x1m"), () => [SmallFiles(0, files)]);
        Layout(Path.Combine(root, "files-5x1m"), () => [.. Enumerable.Range(0, 5).Select(i => SmallFiles(i, files))]);
        Layout(Path.Combine(root, "layer-1g"), () => [BigLayer()]);
        return 0;
    }

    private static (byte[] Tar, bool Gzip) SmallFiles(int layer, int files) => (Tar(writer =>
    {
        for (var d = 0; d < files / 1000; d++)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"data/l{layer}/d{d:D4}/"));
            for (var f = 0; f < 1000; f++)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"data/l{layer}/d{d:D4}/file-{f:D4}.txt")
                {
                    DataStream = new MemoryStream(Encoding.ASCII.GetBytes($"{layer}/{d}/{f}\n")),
                };
                writer.WriteEntry(entry);
            }
        }
    }), true);

    private static (byte[] Tar, bool Gzip) BigLayer()
    {
        var block = RandomNumberGenerator.GetBytes(16 << 20);
        return (Tar(writer =>
        {
            for (var i = 0; i < 64; i++)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"opt/blob-{i:D2}.bin") { DataStream = new MemoryStream(block) });
        }), false);
    }

    private static byte[] Tar(Action<TarWriter> write)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true)) write(writer);
        return output.ToArray();
    }

    private static void Layout(string dir, Func<List<(byte[] Tar, bool Gzip)>> layers)
    {
        if (File.Exists(Path.Combine(dir, "index.json"))) return;
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        var descriptors = new JsonArray();
        var diffIds = new JsonArray();
        foreach (var (tar, gzip) in layers())
        {
            var stored = gzip ? Gzip(tar) : tar;
            descriptors.Add((JsonNode)Blob(dir, stored, gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar"));
            diffIds.Add((JsonNode?)JsonValue.Create("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar))));
        }
        var config = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["User"] = "1000" },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Blob(dir, Encoding.UTF8.GetBytes(config.ToJsonString()), "application/vnd.oci.image.config.v1+json"),
            ["layers"] = descriptors,
        };
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(Blob(dir, Encoding.UTF8.GetBytes(manifest.ToJsonString()), "application/vnd.oci.image.manifest.v1+json")),
        };
        File.WriteAllText(Path.Combine(dir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(dir, "index.json"), index.ToJsonString());
    }

    private static JsonObject Blob(string dir, byte[] bytes, string mediaType)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", hex), bytes);
        return new JsonObject { ["mediaType"] = mediaType, ["digest"] = "sha256:" + hex, ["size"] = bytes.Length };
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }
}
