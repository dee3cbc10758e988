using System.Formats.Tar;
using System.Text.Json;
using Drydock.Images;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.Layers;

/// <summary>
/// Loads a small docker-archive (<c>docker save</c> layout: manifest.json → config + layer paths) into a
/// <see cref="FakeImage"/>, taking each layer's diff id from the config's rootfs.diff_ids so the walker checks it.
/// Test-only: the real docker-archive source lives in Images/Sources.
/// </summary>
internal static class DockerArchiveFixture
{
    public static FakeImage Load(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var reader = new TarReader(File.OpenRead(path)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var copy = new MemoryStream();
                entry.DataStream.CopyTo(copy);
                files[entry.Name.TrimStart('.', '/')] = copy.ToArray();
            }
        }
        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        var image = manifest.RootElement[0];
        using var config = JsonDocument.Parse(files[image.GetProperty("Config").GetString()!]);
        var diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray()
            .Select(d => Digest.Parse(d.GetString()!)).ToList();
        var fake = new FakeImage { Source = "docker-archive:" + Path.GetFileName(path) };
        var layers = image.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            var blob = files[layers[i]];
            var compression = blob.Length > 1 && blob[0] == 0x1f && blob[1] == 0x8b ? LayerCompression.Gzip : LayerCompression.None;
            fake.Layer(blob, blob, compression, diffIds[i]);
        }
        return fake;
    }
}
