using System.Net.Http.Headers;

namespace Drydock.Server.Agents;

/// <summary>
/// An agent's side of <c>POST /api/v1/agents/audits</c> (and of <c>/api/v1/agents/runs</c>, an update or rollback run
/// report): sends a report's JSON form to a server with an <c>agent</c> token. A refusal is a <see cref="DrydockException"/> naming the status and the server's detail.
/// </summary>
public static class AuditUploader
{
    public const string Path = "/api/v1/agents/audits";

    /// <summary>The endpoint <paramref name="path"/> of <paramref name="server"/>: the server's base URL, or the endpoint itself.</summary>
    public static Uri Endpoint(string server, string path = Path)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"--report-to '{server}' is not an http(s) URL of a drydock server");
        return uri.AbsolutePath.TrimEnd('/').EndsWith(path, StringComparison.Ordinal) ? uri : new Uri(uri, uri.AbsolutePath.TrimEnd('/') + path);
    }

    public static Task SendAsync(string server, string token, byte[] auditJson, CancellationToken ct) => SendAsync(Endpoint(server), token, auditJson, ct);

    public static async Task SendAsync(Uri endpoint, string token, byte[] auditJson, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(auditJson) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DrydockException($"--report-to {endpoint}: {e.Message}");
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var body = await response.Content.ReadAsStringAsync(ct);
            var detail = body.Length > 300 ? body[..300] : body;
            throw new DrydockException($"--report-to {endpoint}: the server answered {(int)response.StatusCode}: {detail.ReplaceLineEndings(" ")}");
        }
    }
}
