using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Drydock.Images;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Pushes hand-made blobs and manifests to a plain-HTTP registry with the distribution API (monolithic blob upload,
/// manifest PUT), so a test can lay out signatures, referrers and derived images exactly as cosign or a builder would.
/// </summary>
internal sealed class RegistryPush(string host) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://{host}") };

    public string Host => host;

    /// <summary>Uploads a blob (POST then PUT ?digest=, distribution-spec "Pushing a blob monolithically") and returns its descriptor.</summary>
    public async Task<Descriptor> BlobAsync(string repository, byte[] bytes, string mediaType, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var digest = Digest.Sha256(bytes);
        using var start = await _http.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location!.ToString();
        var url = location + (location.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest.ToString());
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await _http.PutAsync(url, content);
        put.EnsureSuccessStatusCode();
        return new Descriptor { MediaType = mediaType, Digest = digest.ToString(), Size = bytes.Length, Annotations = annotations };
    }

    /// <summary>PUTs a manifest under a tag or its digest and returns its descriptor.</summary>
    public async Task<Descriptor> ManifestAsync(string repository, string tagOrDigest, string json, string mediaType, string? artifactType = null)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reference = tagOrDigest.Length == 0 ? Digest.Sha256(bytes).ToString() : tagOrDigest;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await _http.PutAsync($"/v2/{repository}/manifests/{reference}", content);
        if (!put.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT manifest {repository}:{reference}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return new Descriptor { MediaType = mediaType, Digest = Digest.Sha256(bytes).ToString(), Size = bytes.Length, ArtifactType = artifactType };
    }

    /// <summary>A gzip layer holding the given files (path → content), with its diff id.</summary>
    public static (byte[] Gzip, Digest DiffId) Layer(IEnumerable<(string Path, string Content, UnixFileMode Mode)> files)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text, mode) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = mode, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                writer.WriteEntry(entry);
            }
        }
        var raw = tar.ToArray();
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        return (gz.ToArray(), Digest.Sha256(raw));
    }

    public void Dispose() => _http.Dispose();
}
