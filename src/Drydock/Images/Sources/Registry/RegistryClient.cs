using System.Net;
using System.Text.Json;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// A client for one registry speaking the OCI Distribution API (distribution-spec spec.md) over HttpClient.
/// Every manifest and blob it returns is verified against its digest (the bytes are hashed; a
/// <c>Docker-Content-Digest</c> header alone is never trusted). Failures are one-line <see cref="DrydockException"/>s.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private static readonly string[] DockerTypes = [MediaTypes.DockerManifestList, MediaTypes.DockerManifest];
    private static readonly string[] OciTypes = [MediaTypes.OciIndex, MediaTypes.OciManifest];
    private readonly RegistryTransport _transport;
    private readonly RegistryClientOptions _options;

    /// <summary>The clock of this client's options (token expiry, retries; signature checks made with it use it too).</summary>
    public TimeProvider Time => _options.Time;

    /// <param name="registry">The registry as in a reference: <c>docker.io</c>, <c>ghcr.io</c>, <c>127.0.0.1:5000</c>.</param>
    /// <param name="options">TLS, credentials, insecure hosts, retries; defaults read the environment.</param>
    public RegistryClient(string registry, RegistryClientOptions? options = null)
    {
        _options = options ?? new RegistryClientOptions();
        _transport = new RegistryTransport(registry, _options);
    }

    public string Registry => _transport.Registry;

    /// <summary>How this client reached its registry (null before its first request): what CIS 4.2's secure-channel check reports.</summary>
    public RegistryChannel? Channel => _transport.Channel;

    /// <summary>The most recent rate-limit headers the registry sent (Docker Hub's <c>ratelimit-*</c>); null if none.</summary>
    public RateLimitInfo? RateLimit => _transport.RateLimit;

    /// <summary>
    /// The manifest digest a reference points at now: its pinned digest, else a HEAD on the tag (cheap, and not counted by
    /// Docker Hub's pull limit); when HEAD gives no digest, the manifest is fetched and hashed.
    /// </summary>
    public async Task<Digest> ResolveDigestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        if (reference.Digest is { } pinned) return pinned;
        var tag = reference.Tag ?? "latest";
        using (var head = await _transport.SendAsync(HttpMethod.Head, ManifestPath(reference.Repository, tag), MediaTypes.AllManifests, reference.Repository, cancellationToken))
        {
            if (head.IsSuccessStatusCode && head.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
                Digest.TryParse(values.FirstOrDefault(), out var digest)) return digest;
        }
        return (await GetManifestAsync(reference.Repository, tag, cancellationToken)).Digest;
    }

    /// <summary>Fetches a manifest or index by tag or digest (HEAD first for a tag, then GET by the digest it gives).</summary>
    public async Task<RegistryManifest> GetManifestAsync(string repository, string tagOrDigest, CancellationToken cancellationToken) =>
        await TryGetManifestAsync(repository, tagOrDigest, cancellationToken)
        ?? throw new DrydockException($"registry {Registry}: manifest unknown: {repository}{Separator(tagOrDigest)}{tagOrDigest} (404)");

    /// <summary>As <see cref="GetManifestAsync"/>, but null when the registry does not know the manifest.</summary>
    public async Task<RegistryManifest?> TryGetManifestAsync(string repository, string tagOrDigest, CancellationToken cancellationToken)
    {
        Digest? expected = Digest.TryParse(tagOrDigest, out var pinned) ? pinned : null;
        var what = $"manifest {repository}{Separator(tagOrDigest)}{tagOrDigest}";
        // Some registries answer 404/406 when the Accept list holds a type they don't serve for this manifest (and
        // distribution 2.8 404s an OCI manifest when OCI types are missing), so narrower lists are tried in turn.
        foreach (var accept in new[] { MediaTypes.AllManifests, DockerTypes, OciTypes })
        {
            using var response = await _transport.SendAsync(HttpMethod.Get, ManifestPath(repository, tagOrDigest), accept, repository, cancellationToken);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NotAcceptable) continue;
            await EnsureSuccessAsync(response, what, cancellationToken);
            var bytes = await BoundedContent.ReadAsync(response.Content, BoundedContent.ManifestLimit, () => $"registry {Registry}: {what}", cancellationToken);
            var actual = Digest.Sha256(bytes);
            var claimed = response.Headers.TryGetValues("Docker-Content-Digest", out var v) && Digest.TryParse(v.FirstOrDefault(), out var c) ? c : (Digest?)null;
            if (expected is { } e && ComputeAs(e, bytes) != e)
                throw new DrydockException($"registry {Registry}: {what}: digest mismatch (got {ComputeAs(e, bytes)})");
            if (expected is null && claimed is { } h && ComputeAs(h, bytes) != h)
                throw new DrydockException($"registry {Registry}: {what}: digest mismatch (header says {h}, content is {actual})");
            return new RegistryManifest(bytes, ManifestMediaType(response, bytes, what), expected ?? actual);
        }
        return null;
    }

    /// <summary>Opens a blob as a stream that verifies size and digest as it is read; redirects (e.g. to a CDN) are followed.</summary>
    public Task<Stream> OpenBlobAsync(string repository, Descriptor descriptor, CancellationToken cancellationToken) =>
        OpenBlobAsync(repository, descriptor, streamed: true, cancellationToken);

    /// <summary>
    /// As above. <c>streamed</c> is for a large body to be read with synchronous reads (a layer blob, read on a walk's own
    /// thread): it is sent on a connection that never involves the runtime's epoll thread
    /// (<see cref="RegistryHttpClients.ForBodies"/>); asynchronous reads of it still work. False for a small blob read at
    /// once (a config): it reuses the connection the manifest came on.
    /// </summary>
    internal async Task<Stream> OpenBlobAsync(string repository, Descriptor descriptor, bool streamed, CancellationToken cancellationToken)
    {
        var digest = Digest.Parse(descriptor.Digest);
        var response = await _transport.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}", [], repository, cancellationToken,
            blockingBody: streamed);
        try
        {
            await EnsureSuccessAsync(response, $"blob {digest} of {repository}", cancellationToken);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var what = $"blob {digest} of {repository} from registry {Registry}";
            return new DigestVerifyingStream(new StallGuardStream(stream, _options.BodyIdleTimeout, what), digest, descriptor.Size, what);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Reads a small blob (a config) whole, verified, refusing more than <paramref name="limit"/> bytes.</summary>
    public async Task<byte[]> GetBlobBytesAsync(string repository, Descriptor descriptor, long limit, CancellationToken cancellationToken)
    {
        if (descriptor.Size > limit)
            throw new DrydockException($"registry {Registry}: blob {descriptor.Digest} is {descriptor.Size} bytes, over the {limit} byte limit");
        await using var stream = await OpenBlobAsync(repository, descriptor, streamed: false, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>All tags of a repository, following <c>Link: &lt;…&gt;; rel="next"</c> pages.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken, int pageSize = 1000)
    {
        var tags = new List<string>();
        var next = $"/v2/{repository}/tags/list?n={pageSize}";
        for (var page = 0; next is not null && page < 10_000; page++)
        {
            using var response = await _transport.SendAsync(HttpMethod.Get, next, [], repository, cancellationToken);
            await EnsureSuccessAsync(response, $"tags of {repository}", cancellationToken);
            var bytes = await BoundedContent.ReadAsync(response.Content, BoundedContent.ManifestLimit, () => $"registry {Registry}: tag list of {repository}", cancellationToken);
            tags.AddRange(Deserialize(bytes, RegistryJsonContext.Default.TagList, "tag list")?.Tags ?? []);
            next = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.Next(links, response.RequestMessage!.RequestUri!)?.PathAndQuery : null;
        }
        return tags;
    }

    /// <summary>
    /// Manifests that refer to <paramref name="subject"/> (signatures, SBOMs): the referrers API
    /// (<c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>), else the spec's fallback tag <c>sha256-&lt;hex&gt;</c>.
    /// </summary>
    public async Task<IReadOnlyList<Descriptor>> GetReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var query = artifactType is null ? "" : "?artifactType=" + Uri.EscapeDataString(artifactType);
        ImageIndex? index = null;
        using (var response = await _transport.SendAsync(HttpMethod.Get, $"/v2/{repository}/referrers/{subject}{query}", [MediaTypes.OciIndex], repository, cancellationToken))
        {
            if (response.IsSuccessStatusCode)
            {
                var bytes = await BoundedContent.ReadAsync(response.Content, BoundedContent.ManifestLimit, () => $"registry {Registry}: referrers of {subject}", cancellationToken);
                index = Deserialize(bytes, SourceJsonContext.Default.ImageIndex, "referrers index");
            }
            else if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest))
            {
                await EnsureSuccessAsync(response, $"referrers of {repository}@{subject}", cancellationToken);
            }
        }
        if (index is null && await TryGetManifestAsync(repository, $"{subject.Algorithm}-{subject.Hex}", cancellationToken) is { IsIndex: true } fallback)
            index = Deserialize(fallback.Bytes.ToArray(), SourceJsonContext.Default.ImageIndex, "referrers tag index");
        return (index?.Manifests ?? []).Where(d => artifactType is null || d.ArtifactType == artifactType).ToList();
    }

    public void Dispose() => _transport.Dispose();

    private static string ManifestPath(string repository, string reference) => $"/v2/{repository}/manifests/{reference}";

    private static string Separator(string reference) => Digest.TryParse(reference, out _) ? "@" : ":";

    private static Digest ComputeAs(Digest like, byte[] bytes)
    {
        using var hash = like.CreateHash();
        hash.AppendData(bytes);
        return new Digest(like.Algorithm, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private string ManifestMediaType(HttpResponseMessage response, byte[] bytes, string what)
    {
        var header = response.Content.Headers.ContentType?.MediaType;
        if (header is not null && MediaTypes.AllManifests.Contains(header)) return header;
        var probe = Deserialize(bytes, RegistryJsonContext.Default.ManifestProbe, what);
        if (probe?.SchemaVersion == 1 || (header?.Contains("manifest.v1", StringComparison.Ordinal) ?? false))
            throw new DrydockException($"registry {Registry}: {what} is a Docker schema 1 manifest, which is not supported");
        if (probe?.MediaType is { } declared && MediaTypes.AllManifests.Contains(declared)) return declared;
        if (probe?.Manifests is not null) return MediaTypes.OciIndex;
        if (probe?.Config is not null) return MediaTypes.OciManifest;
        throw new DrydockException($"registry {Registry}: {what} has unknown media type '{header}'");
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        string? body = null;
        if (response.Content.Headers.ContentLength is null or < 65536)
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw RegistryErrors.Status(Registry, what, response.StatusCode, body);
    }

    private T? Deserialize<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException e)
        {
            throw new DrydockException($"registry {Registry}: {what} is not valid JSON ({e.Message.Split('.')[0]})");
        }
    }
}
