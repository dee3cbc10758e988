using System.Net;
using System.Net.Http.Headers;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Uploads blobs and manifests to one registry (distribution-spec "Pushing blobs": a POST opens an upload session, one
/// PUT with <c>?digest=</c> completes it; "Pushing manifests": PUT by tag). A blob the repository already holds (HEAD
/// answers 200) is not sent again. Same credentials, TLS rules, retries and errors as <see cref="RegistryClient"/>;
/// tokens are asked for with the <c>pull,push</c> scope.
/// </summary>
public sealed class RegistryPusher : IDisposable
{
    private const string Access = "pull,push";
    private readonly RegistryTransport _transport;

    public RegistryPusher(string registry, RegistryClientOptions? options = null) =>
        _transport = new RegistryTransport(registry, options ?? new RegistryClientOptions());

    public string Registry => _transport.Registry;

    /// <summary>Uploads the file at <paramref name="path"/> as blob <paramref name="digest"/>; false when the registry already had it.</summary>
    public async Task<bool> PushBlobAsync(string repository, Digest digest, string path, CancellationToken cancellationToken)
    {
        using (var head = await SendAsync(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}", repository, null, cancellationToken))
        {
            if (head.StatusCode == HttpStatusCode.OK) return false;
        }
        string location;
        using (var start = await SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", repository, () => new ByteArrayContent([]), cancellationToken))
        {
            await EnsureSuccessAsync(start, $"upload of blob {digest} to {repository}", cancellationToken);
            location = start.Headers.Location?.ToString()
                ?? throw new DrydockException($"registry {Registry}: the upload of blob {digest} to {repository} was accepted without a Location");
        }
        var put = location + (location.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest.ToString());
        using var done = await SendAsync(HttpMethod.Put, put, repository, () => Octets(new StreamContent(File.OpenRead(path))), cancellationToken);
        await EnsureSuccessAsync(done, $"upload of blob {digest} to {repository}", cancellationToken);
        return true;
    }

    /// <summary>Puts <paramref name="manifest"/> (of <paramref name="mediaType"/>) under <paramref name="tag"/>; returns its digest.</summary>
    public async Task<Digest> PushManifestAsync(string repository, string tag, string mediaType, byte[] manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var response = await SendAsync(HttpMethod.Put, $"/v2/{repository}/manifests/{tag}", repository, () =>
        {
            var body = new ByteArrayContent(manifest);
            body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return body;
        }, cancellationToken);
        await EnsureSuccessAsync(response, $"manifest {repository}:{tag}", cancellationToken);
        return Digest.Sha256(manifest);
    }

    public void Dispose() => _transport.Dispose();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string repository, Func<HttpContent>? content, CancellationToken cancellationToken) =>
        _transport.SendAsync(method, path, [], repository, cancellationToken, content, Access);

    private static StreamContent Octets(StreamContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = response.Content.Headers.ContentLength is null or < 65536 ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        throw RegistryErrors.Status(Registry, what, response.StatusCode, body);
    }
}
