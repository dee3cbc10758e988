using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A small HTTP proxy on 127.0.0.1 in front of a real registry that passes every answer through unchanged, except that a
/// blob's body stops after <c>stallAfter</c> bytes and the connection then stays open, silent, until the proxy is
/// disposed: a registry (or a CDN) that stops sending in the middle of a layer.
/// </summary>
internal sealed class StallingProxy : UpstreamProxy
{
    private static readonly string[] CopiedHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "Etag"];
    private readonly CancellationTokenSource _stop = new();
    private readonly int _stallAfter;

    public StallingProxy(string targetHost, int stallAfter) : base(targetHost)
    {
        _stallAfter = stallAfter;
        Start();
    }

    /// <summary>Blob bodies cut short so far.</summary>
    public int Stalled { get; private set; }

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        using var upstream = await ForwardHeadAsync(context, CopiedHeaders);
        if (context.Request.HttpMethod == "HEAD") return;
        var body = await upstream.Content.ReadAsStreamAsync();
        if (!context.Request.Url!.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal) || upstream.Content.Headers.ContentLength <= _stallAfter)
        {
            await body.CopyToAsync(response.OutputStream);
            return;
        }
        var head = new byte[_stallAfter];
        await body.ReadExactlyAsync(head);
        await response.OutputStream.WriteAsync(head);
        await response.OutputStream.FlushAsync();
        Stalled++;
        try
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // disposed: the connection closes, short of its declared length
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stop.Cancel();
        base.Dispose(disposing);
        if (disposing) _stop.Dispose();
    }
}
