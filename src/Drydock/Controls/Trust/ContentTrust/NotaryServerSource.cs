using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// Reads TUF metadata from a notary server: <c>GET {server}/v2/{gun}/_trust/tuf/{role}.json</c> (notary's server API;
/// a root of a given version is <c>{version}.root.json</c>). HTTPS is verified against the system roots, or only
/// against <c>caFile</c> when the rule names one. Bodies are read up to a bound and no further.
/// </summary>
internal sealed class NotaryServerSource : ITufSource, IDisposable
{
    private readonly HttpClient _client;
    private readonly X509Certificate2Collection? _anchors;

    public NotaryServerSource(Uri server, string gun, string? caFile, TimeSpan timeout)
    {
        Location = $"{server.GetLeftPart(UriPartial.Authority)}{server.AbsolutePath.TrimEnd('/')}/v2/{gun}/_trust/tuf/";
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout };
        if (caFile is not null)
        {
            _anchors = [];
            try
            {
                _anchors.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new ContentTrustException($"cannot read caFile {caFile}: {e.Message}");
            }
            if (_anchors.Count == 0) throw new ContentTrustException($"caFile {caFile} holds no PEM certificate");
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ChainsToAnchors };
        }
        _client = new HttpClient(handler) { Timeout = timeout };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("drydock/" + ToolInfo.Version);
    }

    public string Location { get; }

    public async Task<byte[]?> FetchAsync(string name, long limit, CancellationToken cancellationToken)
    {
        var url = new Uri(Location + name + ".json");
        try
        {
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode) throw new ContentTrustException($"notary server answered {(int)response.StatusCode} for {url}");
            if (response.Content.Headers.ContentLength > limit) throw new ContentTrustException($"{name} metadata is larger than {limit} bytes");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + n > limit) throw new ContentTrustException($"{name} metadata is larger than {limit} bytes");
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
        catch (HttpRequestException e)
        {
            throw new ContentTrustException($"cannot reach the notary server for {url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContentTrustException($"the notary server did not answer in time for {url}");
        }
    }

    // caFile replaces the system roots for this server, as docker's DOCKER_CONTENT_TRUST_SERVER + tls/<host>/ca.crt does.
    private bool ChainsToAnchors(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && RegistryCertificates.ChainsTo(_anchors!, certificate, chain);

    public void Dispose()
    {
        _client.Dispose();
        if (_anchors is null) return;
        foreach (var c in _anchors) c.Dispose();
    }
}
