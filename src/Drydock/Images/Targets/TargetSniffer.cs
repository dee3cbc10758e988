using System.IO.Compression;
using Drydock.Images.Tar;

namespace Drydock.Images.Targets;

/// <summary>
/// Decides the transport of a bare path: a directory with <c>oci-layout</c> is an OCI layout; a tar (possibly gzip-
/// compressed whole) with <c>manifest.json</c> is a docker-archive — Docker 25+ <c>docker save</c> writes both
/// manifest.json and an OCI layout, and the docker-archive reader handles that — and one with only
/// <c>oci-layout</c>/<c>index.json</c> is an oci-archive. Only tar headers are read.
/// </summary>
public static class TargetSniffer
{
    public static ImageTarget Sniff(string path)
    {
        if (Directory.Exists(path))
        {
            return File.Exists(Path.Combine(path, "oci-layout"))
                ? new ImageTarget(ImageTransport.Oci, path) { Path = path }
                : throw new UsageException($"directory {path} is not an OCI image layout (no oci-layout file)");
        }
        var names = TopLevelNames(path);
        if (names.Contains("manifest.json")) return new ImageTarget(ImageTransport.DockerArchive, path) { Path = path };
        if (names.Contains("oci-layout") || names.Contains("index.json")) return new ImageTarget(ImageTransport.OciArchive, path) { Path = path };
        throw new UsageException($"{path} is neither a docker-archive nor an oci-archive (no manifest.json or oci-layout in it)");
    }

    private static HashSet<string> TopLevelNames(string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> head = stackalloc byte[2];
            var gzip = file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1f && head[1] == 0x8b;
            file.Position = 0;
            using Stream input = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            var reader = new TarStreamReader(input, path);
            while (reader.Next() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (!name.Contains('/', StringComparison.Ordinal)) names.Add(name);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new DrydockException($"{path} is not a readable tar archive: {e.Message}", inner: e);
        }
        return names;
    }
}
