using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A small HTTP proxy on 127.0.0.1 in front of a real registry that adds Docker Hub's rate-limit headers to every
/// answer and answers the first <c>failures</c> manifest requests with a chosen status (429/503) and <c>Retry-After</c>.
/// It changes nothing else: bodies and headers the client verifies come from the real registry.
/// </summary>
internal sealed class FaultInjectingProxy : UpstreamProxy
{
    private static readonly string[] CopiedHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "Link", "Location", "Etag"];
    private readonly HttpStatusCode _status;
    private readonly string? _retryAfter;
    private int _failuresLeft;
    private int _remaining = 100;

    public FaultInjectingProxy(string targetHost, int failures, HttpStatusCode status, string? retryAfter) : base(targetHost)
    {
        _failuresLeft = failures;
        _status = status;
        _retryAfter = retryAfter;
        Start();
    }

    public int FaultsServed { get; private set; }

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        var remaining = Interlocked.Decrement(ref _remaining);
        response.Headers["ratelimit-limit"] = "100;w=21600";
        response.Headers["ratelimit-remaining"] = $"{remaining};w=21600";
        if (context.Request.Url!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal) && Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            FaultsServed++;
            response.StatusCode = (int)_status;
            if (_retryAfter is not null) response.Headers["Retry-After"] = _retryAfter;
            return;
        }
        await ForwardAsync(context, CopiedHeaders);
    }
}
