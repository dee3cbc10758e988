using System.Globalization;
using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A small HTTP proxy on 127.0.0.1 in front of a real registry that adds Docker Hub's rate-limit headers to every
/// answer and answers the first <c>failures</c> manifest requests with a chosen status (429/503) and <c>Retry-After</c>.
/// It changes nothing else: bodies and headers the client verifies come from the real registry.
/// </summary>
internal sealed class FaultInjectingProxy : IDisposable
{
    private static readonly string[] CopiedHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "Link", "Location", "Etag"];
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly string _target;
    private readonly HttpStatusCode _status;
    private readonly string? _retryAfter;
    private readonly Task _loop;
    private int _failuresLeft;
    private int _remaining = 100;

    public FaultInjectingProxy(string targetHost, int failures, HttpStatusCode status, string? retryAfter)
    {
        _target = targetHost;
        _failuresLeft = failures;
        _status = status;
        _retryAfter = retryAfter;
        Port = TestRoot.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Host => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public int FaultsServed { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var response = context.Response;
            var remaining = Interlocked.Decrement(ref _remaining);
            response.Headers["ratelimit-limit"] = "100;w=21600";
            response.Headers["ratelimit-remaining"] = $"{remaining};w=21600";
            if (context.Request.Url!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal) && Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                FaultsServed++;
                response.StatusCode = (int)_status;
                if (_retryAfter is not null) response.Headers["Retry-After"] = _retryAfter;
                continue;
            }
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), $"http://{_target}{context.Request.Url.PathAndQuery}");
            foreach (var accept in context.Request.AcceptTypes ?? []) request.Headers.TryAddWithoutValidation("Accept", accept);
            using var upstream = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode = (int)upstream.StatusCode;
            foreach (var name in CopiedHeaders)
            {
                if (upstream.Headers.TryGetValues(name, out var values)) response.Headers[name] = values.First();
            }
            if (upstream.Content.Headers.ContentType is { } type) response.ContentType = type.ToString();
            if (upstream.Content.Headers.ContentLength is { } length) response.ContentLength64 = length;
            if (context.Request.HttpMethod != "HEAD") await (await upstream.Content.ReadAsStreamAsync()).CopyToAsync(response.OutputStream);
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // ends with the listener
        }
        _upstream.Dispose();
    }
}
