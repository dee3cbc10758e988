using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Drydock.IntegrationTests.Vulnerabilities;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving feed files under their public layouts, with ETags and 304s, plus
/// scripted faults per path: a number of 500s, a truncated body, or a stall until the client gives up.
/// </summary>
internal sealed class FeedServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FeedServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public Dictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Truncated { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Stalled { get; } = new(StringComparer.Ordinal);

    public TaskCompletionSource StallReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<(string Path, int Status)> Log { get; } = [];

    public void Serve(string path, byte[] content)
    {
        lock (_files) _files[path] = content;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        var response = context.Response;
        int status;
        try
        {
            byte[]? body;
            lock (_files) body = _files.GetValueOrDefault(path);
            lock (Failures)
            {
                if (Failures.TryGetValue(path, out var left) && left > 0)
                {
                    Failures[path] = left - 1;
                    body = null;
                    status = 500;
                }
                else status = body is null ? 404 : 200;
            }
            var etag = body is null ? "" : "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";
            if (status == 200 && context.Request.Headers["If-None-Match"] == etag) status = 304;
            response.StatusCode = status;
            if (status == 200)
            {
                response.Headers["ETag"] = etag;
                {
                    response.ContentLength64 = body!.Length;
                    if (Stalled.Contains(path))
                    {
                        await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
                        await response.OutputStream.FlushAsync();
                        StallReached.TrySetResult();
                        await Task.Delay(TimeSpan.FromSeconds(30));
                    }
                    if (Truncated.Contains(path))
                    {
                        await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
                        lock (Log) Log.Add((path, 200));
                        response.Abort();
                        return;
                    }
                    await response.OutputStream.WriteAsync(body);
                }
            }
            lock (Log) Log.Add((path, status));
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // client went away (cancelled update)
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
