using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Drydock.Hosts.Watch;

/// <summary>
/// A minimal HTTP/1.1 server for <c>GET /metrics</c> on a TcpListener (no HttpListener prefix registration needed).
/// It binds only where told: <c>127.0.0.1:PORT</c>, <c>localhost:PORT</c>, or an explicit IP address the user typed.
/// One request per connection; anything but GET /metrics is 404.
/// </summary>
public sealed class MetricsServer(IPEndPoint endpoint, Func<string> render) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(endpoint);
    private Task? _loop;
    private CancellationTokenSource? _stop;

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Parses <c>--listen</c>: <c>HOST:PORT</c> where HOST is an IP address or <c>localhost</c> (→ 127.0.0.1).</summary>
    public static IPEndPoint ParseListen(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
        {
            var host = text[..colon].Trim('[', ']');
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new IPEndPoint(IPAddress.Loopback, port);
            if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        }
        throw new UsageException($"invalid --listen '{text}': expected 127.0.0.1:PORT, localhost:PORT or an explicit IP:PORT");
    }

    public void Start()
    {
        _listener.Start();
        _stop = new CancellationTokenSource();
        _loop = AcceptLoopAsync(_stop.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(ct) ?? "";
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(ct))) { }
                var parts = requestLine.Split(' ');
                var ok = parts.Length >= 2 && parts[0] == "GET" && parts[1].Split('?')[0] == "/metrics";
                var body = Encoding.UTF8.GetBytes(ok ? render() : "not found\n");
                var head = $"HTTP/1.1 {(ok ? "200 OK" : "404 Not Found")}\r\nContent-Type: {(ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")}\r\n" +
                    $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
                await stream.WriteAsync(body, ct);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // A client that went away mid-request is not the server's problem.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop is not null) await _stop.CancelAsync();
        _listener.Stop();
        if (_loop is not null) await _loop;
        _stop?.Dispose();
    }
}
