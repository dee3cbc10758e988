using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>What the test proxies in front of a real registry share: the request passed on, the answer's head passed back.</summary>
internal static class UpstreamForwarding
{
    /// <summary>
    /// Sends <paramref name="context"/>'s request (method, path and query, Accept) to <paramref name="target"/> and sets the
    /// response's status, the <paramref name="copiedHeaders"/>, content type and length from the answer; the caller
    /// passes the body on (or not) and disposes the answer.
    /// </summary>
    public static async Task<HttpResponseMessage> ForwardHeadAsync(HttpClient upstream, string target, HttpListenerContext context, IReadOnlyList<string> copiedHeaders)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), $"http://{target}{context.Request.Url!.PathAndQuery}");
        foreach (var accept in context.Request.AcceptTypes ?? []) request.Headers.TryAddWithoutValidation("Accept", accept);
        var answer = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
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
}
