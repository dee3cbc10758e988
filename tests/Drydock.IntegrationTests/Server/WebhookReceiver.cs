using System.Collections.Concurrent;
using System.Net;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// A webhook subscriber written for the tests (HttpListener on 127.0.0.1): records every POST (path, headers, body)
/// and answers 503 to the first <c>failFirst</c> requests of each path, 200 afterwards.
/// </summary>
internal sealed class WebhookReceiver : LoopbackHttpServer
{
    private readonly int _failFirst;
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    public WebhookReceiver(int failFirst = 0)
    {
        _failFirst = failFirst;
        Start();
    }

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Answer);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string Url(string path) => $"http://{Host}/{path}";

    public IReadOnlyList<Received> To(string path) => [.. Requests.Where(r => r.Path == "/" + path)];

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        var path = context.Request.Url!.AbsolutePath;
        var count = _seen.AddOrUpdate(path, 1, (_, n) => n + 1);
        var answer = count <= _failFirst ? 503 : 200;
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new Received(path, headers, buffer.ToArray(), answer));
        context.Response.StatusCode = answer;
    }

    /// <summary>Waits until <paramref name="path"/> has received <paramref name="count"/> requests; throws with <paramref name="log"/> otherwise.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(string path, int count, TimeSpan timeout, Func<string> log)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (To(path).Count >= count) return To(path);
            await Task.Delay(100);
        }
        throw new TimeoutException($"/{path} received {To(path).Count} of {count} webhook request(s); server log:\n{log()}");
    }
}
