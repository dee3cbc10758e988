using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Hosts.Engine;

/// <summary>
/// Connects to a Docker engine: an <see cref="HttpClient"/> over its unix socket or TCP (with the engine's CA, the
/// client certificate, and verification of the server as Docker's CLI does), then negotiates the API version from
/// <c>GET /_ping</c>'s <c>Api-Version</c> header: the engine's version, capped at what Drydock speaks, never below 1.41.
/// </summary>
public static class EngineConnector
{
    public const string MinimumApiVersion = "1.41";
    public const string MaximumApiVersion = "1.45";

    public static async Task<DockerEngineClient> ConnectAsync(EngineEndpoint endpoint, TimeSpan timeout, Func<string, string?>? registryAuth, CancellationToken ct)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        Uri baseAddress;
        if (endpoint.SocketPath is { } socket)
        {
            if (!File.Exists(socket) && !Directory.Exists(Path.GetDirectoryName(socket)))
                throw new DrydockException($"engine {endpoint.Host}: no socket at {socket}");
            handler.ConnectCallback = async (_, token) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker");
        }
        else
        {
            baseAddress = endpoint.TcpUri!;
            if (endpoint.TlsVerify && endpoint.CertPath is { } certs) ConfigureTls(handler, certs);
        }
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
        try
        {
            var version = await NegotiateAsync(http, endpoint.Host, ct);
            return new DockerEngineClient(http, "/v" + version, endpoint.Host, registryAuth);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    private static async Task<string> NegotiateAsync(HttpClient http, string host, CancellationToken ct)
    {
        HttpResponseMessage ping;
        try
        {
            ping = await http.GetAsync("/_ping", ct);
        }
        catch (HttpRequestException e)
        {
            throw new DrydockException($"engine {host}: unreachable ({e.Message})", inner: e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DrydockException($"engine {host}: no answer (timed out)", inner: e);
        }
        using (ping)
        {
            if (!ping.IsSuccessStatusCode) throw new DrydockException($"engine {host}: /_ping answered {(int)ping.StatusCode}");
            var offered = ping.Headers.TryGetValues("Api-Version", out var v) ? v.FirstOrDefault() : null;
            if (offered is null || !Version.TryParse(offered, out var engine)) return MinimumApiVersion;
            if (engine < Version.Parse(MinimumApiVersion))
                throw new DrydockException($"engine {host}: API {offered} is older than the {MinimumApiVersion} Drydock needs");
            return engine > Version.Parse(MaximumApiVersion) ? MaximumApiVersion : offered;
        }
    }

    private static void ConfigureTls(SocketsHttpHandler handler, string certPath)
    {
        var ca = Path.Combine(certPath, "ca.pem");
        var cert = Path.Combine(certPath, "cert.pem");
        var key = Path.Combine(certPath, "key.pem");
        if (File.Exists(cert) && File.Exists(key))
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(cert, key)];
        if (!File.Exists(ca)) return;
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(ca);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null) return false;
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
    }
}
