using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// One <see cref="HttpClient"/> per scheme + host, each with that host's TLS trust (system roots plus certs.d CAs,
/// client certificates; verification off only for a host declared insecure). Redirects are not followed
/// automatically: the client follows them itself so it can drop credentials on a cross-host hop.
/// </summary>
internal sealed class RegistryHttpClients(RegistryClientOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _unverified = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a TLS handshake with <paramref name="authority"/> presented a certificate that did not verify (accepted only because the host is insecure).</summary>
    public bool HandshakeUnverified(string authority) => _unverified.ContainsKey(authority);

    public HttpClient For(Uri uri) =>
        _clients.GetOrAdd(uri.Scheme + "://" + uri.Authority, _ => Create(uri));

    /// <summary>
    /// The client for large bodies read synchronously (layer blobs; <c>HttpClient.Send</c> only): a pool of its own whose
    /// connections are opened with a blocking connect, so that the body's reads are plain blocking receives. A socket the
    /// runtime connected or read asynchronously is registered with its epoll thread, which then wakes for every segment
    /// that arrives while a layer streams (~440 wake-ups for the bench's 63 MB blob, each a context switch on cores the
    /// decoder needs; issue 17). Same TLS trust and timeouts as <see cref="For"/>.
    /// </summary>
    public HttpClient ForBodies(Uri uri) =>
        _clients.GetOrAdd("blocking " + uri.Scheme + "://" + uri.Authority, _ => Create(uri, blocking: true));

    // SocketsHttpHandler's own connect is asynchronous even for a synchronous Send; this one blocks (its thread is the
    // sender's own). Cancellation (the handler's ConnectTimeout, the request's token) closes the socket, which ends the connect.
    private static ValueTask<Stream> ConnectBlocking(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket))
                socket.Connect(context.DnsEndPoint);
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult<Stream>(new NetworkStream(socket, ownsSocket: true));
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private HttpClient Create(Uri uri, bool blocking = false)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (blocking) handler.ConnectCallback = ConnectBlocking;
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            var certificates = RegistryCertificates.Load(options.CertsDirectory, uri.Authority);
            var insecure = options.IsInsecure(uri.Authority);
            var authority = uri.Authority;
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = certificates.ClientCertificates,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    var verified = certificates.Verifies(certificate, chain, errors);
                    // An insecure host's certificate is accepted all the same; that it did not verify is kept (CIS 4.2).
                    if (!verified) _unverified.TryAdd(authority, 0);
                    return verified || insecure;
                },
            };
        }
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("drydock/" + ToolInfo.Version);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        _clients.Clear();
    }
}
