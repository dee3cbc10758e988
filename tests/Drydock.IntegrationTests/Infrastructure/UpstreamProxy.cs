using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// What the test proxies in front of a real registry share: an HTTP server on 127.0.0.1 that passes requests on to the
/// registry and its answers back; each proxy changes only what it is for (a fault, a redirect, a stall).
/// </summary>
internal abstract class UpstreamProxy(string targetHost) : LoopbackHttpServer
{
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>The registry behind the proxy (<c>host:port</c>).</summary>
    protected string Target => targetHost;

    /// <summary>
    /// Sends <paramref name="context"/>'s request (method, path and query, Accept) to the registry and sets the response's
    /// status, the <paramref name="copiedHeaders"/>, content type and length from the answer; the caller passes the body on
    /// (or not) and disposes the answer.
    /// </summary>
    protected async Task<HttpResponseMessage> ForwardHeadAsync(HttpListenerContext context, IReadOnlyList<string> copiedHeaders)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), $"http://{targetHost}{context.Request.Url!.PathAndQuery}");
        foreach (var accept in context.Request.AcceptTypes ?? []) request.Headers.TryAddWithoutValidation("Accept", accept);
        var answer = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var name in copiedHeaders)
        {
            if (answer.Headers.TryGetValues(name, out var values)) response.Headers[name] = values.First();
        }
        if (answer.Content.Headers.ContentType is { } type) response.ContentType = type.ToString();
        if (answer.Content.Headers.ContentLength is { } length) response.ContentLength64 = length;
        return answer;
    }

    /// <summary>Passes the request on and the whole answer back (its body unless the request was a HEAD).</summary>
    protected async Task ForwardAsync(HttpListenerContext context, IReadOnlyList<string> copiedHeaders)
    {
        using var answer = await ForwardHeadAsync(context, copiedHeaders);
        if (context.Request.HttpMethod != "HEAD") await (await answer.Content.ReadAsStreamAsync()).CopyToAsync(context.Response.OutputStream);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _upstream.Dispose();
    }
}
