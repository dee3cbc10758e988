using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A small HTTP proxy on 127.0.0.1 in front of a real registry that answers every blob GET with a 307 to the same path
/// on the registry itself (another host:port), as Docker Hub sends blobs to its CDN; everything else passes through.
/// </summary>
internal sealed class BlobRedirectProxy : LoopbackHttpServer
{
    private static readonly string[] CopiedHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "Etag"];
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly string _target;
    private int _redirected;

    public BlobRedirectProxy(string targetHost)
    {
        _target = targetHost;
        Start();
    }

    /// <summary>Blob GETs sent on to the registry so far.</summary>
    public int Redirected => Volatile.Read(ref _redirected);

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.PathAndQuery;
        if (context.Request.HttpMethod == "GET" && path.Contains("/blobs/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _redirected);
            context.Response.StatusCode = (int)HttpStatusCode.TemporaryRedirect;
            context.Response.Headers["Location"] = $"http://{_target}{path}";
            return;
        }
        using var upstream = await UpstreamForwarding.ForwardHeadAsync(_upstream, _target, context, CopiedHeaders);
        if (context.Request.HttpMethod != "HEAD") await (await upstream.Content.ReadAsStreamAsync()).CopyToAsync(context.Response.OutputStream);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _upstream.Dispose();
    }
}
