using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay on a free 127.0.0.1 port in front of a real registry: bytes pass both ways unchanged, and the first byte
/// each connection sent is kept, which tells a TLS handshake (0x16, a handshake record) from a plain HTTP request
/// (a method's first letter). For what a client tried before any HTTP was spoken.
/// </summary>
internal sealed class FirstByteProxy : IDisposable
{
    /// <summary>The first byte of a TLS record that carries a handshake (RFC 8446 §5.1, ContentType handshake).</summary>
    public const byte TlsHandshake = 0x16;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentQueue<byte> _firstBytes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FirstByteProxy(string targetHost)
    {
        var colon = targetHost.LastIndexOf(':');
        _targetHost = targetHost[..colon];
        _targetPort = int.Parse(targetHost[(colon + 1)..], CultureInfo.InvariantCulture);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string Host => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The first byte of every connection that sent one, in arrival order.</summary>
    public IReadOnlyList<byte> FirstBytes => [.. _firstBytes];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient accepted;
            try
            {
                accepted = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => RelayAsync(accepted));
        }
    }

    private async Task RelayAsync(TcpClient accepted)
    {
        using (accepted)
        using (var upstream = new TcpClient())
        {
            try
            {
                var client = accepted.GetStream();
                var first = new byte[1];
                if (await client.ReadAsync(first, _stop.Token) == 0) return;
                _firstBytes.Enqueue(first[0]);
                await upstream.ConnectAsync(_targetHost, _targetPort, _stop.Token);
                var server = upstream.GetStream();
                await server.WriteAsync(first, _stop.Token);
                // Either side closing ends the relay; the other direction is then cut by the disposes.
                await Task.WhenAny(Pipe(client, server), Pipe(server, client));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // a connection the client abandoned (the attempt not taken) or the proxy stopping
            }
        }
    }

    private async Task Pipe(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the other end went away
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the accept loop only ends by the stop above
        }
        _listener.Dispose();
        _stop.Dispose();
    }
}
