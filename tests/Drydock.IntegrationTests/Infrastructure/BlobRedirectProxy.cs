using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A small HTTP proxy on 127.0.0.1 in front of a real registry that answers every blob GET with a 307 to the same path
/// on the registry itself (another host:port), as Docker Hub sends blobs to its CDN; everything else passes through.
/// </summary>
internal sealed class BlobRedirectProxy : UpstreamProxy
{
    private static readonly string[] CopiedHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "Etag"];
    private int _redirected;

    public BlobRedirectProxy(string targetHost) : base(targetHost)
    {
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
            context.Response.Headers["Location"] = $"http://{Target}{path}";
            return;
        }
        await ForwardAsync(context, CopiedHeaders);
    }
}
