using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// What was last verified for one repository on one notary server, under the cache dir
/// (<c>content-trust/&lt;hash of server and repository&gt;/</c>): the highest version seen per role (<c>versions.json</c>,
/// so a server that later serves older metadata is caught rolling back) and the last trusted root per trust anchor
/// (<c>root.&lt;anchor&gt;.json</c>: the root trusted on first use, or reached from the pinned keys, from which later
/// root rotations are followed). Files are small; a damaged one is an error naming it, never silently replaced.
/// </summary>
internal sealed class ContentTrustState(string directory)
{
    public string Directory { get; } = directory;

    public static ContentTrustState For(string cacheRoot, string server, string gun) =>
        new(Path.Combine(cacheRoot, "content-trust", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(server + "\n" + gun)))[..32]));

    private string VersionsPath => Path.Combine(Directory, "versions.json");

    private string RootPath(string anchor) => Path.Combine(Directory, $"root.{anchor}.json");

    public Dictionary<string, long> ReadVersions()
    {
        if (!File.Exists(VersionsPath)) return new(StringComparer.Ordinal);
        try
        {
            var bytes = File.ReadAllBytes(VersionsPath);
            if (bytes.Length > ContentTrustLimits.UnvouchedBytes) throw new ContentTrustException($"{VersionsPath} is too large");
            using var doc = JsonDocument.Parse(bytes);
            return TufJson.Object(doc.RootElement, "versions").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.TryGetInt64(out var v) ? v : throw new ContentTrustException("a version is not a number"), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or IOException or ContentTrustException)
        {
            throw new ContentTrustException($"the content trust state {VersionsPath} is damaged ({e.Message}); remove it to start over");
        }
    }

    public async Task WriteVersionsAsync(string server, string gun, IReadOnlyDictionary<string, long> versions, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("server", server);
            w.WriteString("repository", gun);
            w.WriteStartObject("versions");
            foreach (var (role, version) in versions.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteNumber(role, version);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        await SafeFileWriter.WriteAllBytesAsync(VersionsPath, buffer.ToArray(), cancellationToken);
    }

    public byte[]? ReadRoot(string anchor)
    {
        var path = RootPath(anchor);
        if (!File.Exists(path)) return null;
        if (new FileInfo(path).Length > ContentTrustLimits.UnvouchedBytes) throw new ContentTrustException($"the stored root {path} is too large");
        return File.ReadAllBytes(path);
    }

    public async Task WriteRootAsync(string anchor, byte[] root, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await SafeFileWriter.WriteAllBytesAsync(RootPath(anchor), root, cancellationToken);
    }
}
