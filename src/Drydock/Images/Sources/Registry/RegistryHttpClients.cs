using System.Collections.Concurrent;
using System.Net.Security;

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

    private HttpClient Create(Uri uri)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
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
                    var verified = errors == SslPolicyErrors.None ||
                                   (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificates.TrustsChain(certificate, chain));
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
