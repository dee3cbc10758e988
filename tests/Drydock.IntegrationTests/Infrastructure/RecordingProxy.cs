using System.Collections.Concurrent;
using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>A proxy in front of a real registry that passes every request on unchanged and records its method and path.</summary>
internal sealed class RecordingProxy : UpstreamProxy
{
    private static readonly string[] CopiedHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "Link", "Location", "Etag", "WWW-Authenticate"];
    private readonly ConcurrentQueue<string> _requests = new();

    public RecordingProxy(string targetHost) : base(targetHost) => Start();

    /// <summary>Side by side: a scan asks for its config after the blobs it reads once the config is in.</summary>
    protected override bool Concurrent => true;

    /// <summary>"METHOD /path?query" of every request that reached the proxy, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        _requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.PathAndQuery}");
        await ForwardAsync(context, CopiedHeaders);
    }
}
