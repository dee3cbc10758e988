using System.Globalization;
using System.Net;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>A tiny HTTP server on a free 127.0.0.1 port (HttpListener) for the test-only servers: token server, proxy.</summary>
internal abstract class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private Task? _loop;

    protected LoopbackHttpServer()
    {
        Port = TestRoot.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }

    public string Host => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Answers one request; the response is closed afterwards.</summary>
    protected abstract Task HandleAsync(HttpListenerContext context);

    /// <summary>Called at the end of the derived constructor, once its fields are set.</summary>
    protected void Start()
    {
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

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
            if (Concurrent)
            {
                _ = Task.Run(() => HandleAndCloseAsync(context));
                continue;
            }
            await HandleAndCloseAsync(context);
        }
    }

    /// <summary>
    /// Whether requests are answered side by side (each on a task of its own) instead of one after the other: for a proxy
    /// in front of a whole scan, whose config request follows blob requests it reads only later.
    /// </summary>
    protected virtual bool Concurrent => false;

    private async Task HandleAndCloseAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        try
        {
            await HandleAsync(context);
        }
        catch (Exception e) when (Concurrent && e is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // a client that went away (a request it abandoned); nobody waits for this task
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _listener.Close();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener
        }
    }
}
