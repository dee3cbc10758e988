using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Drydock.Images.Sources.Registry;

namespace Drydock.Images.Sources.Engine;

/// <summary>
/// An HTTP connection to a Docker engine (Engine API) over its unix socket or tcp (+TLS), with the API version
/// negotiated once from <c>GET /_ping</c>'s <c>Api-Version</c> header (at least 1.41) and used in every path.
/// Small typed calls live here; later Engine API work (containers) adds its own on top of <see cref="SendAsync"/>.
/// </summary>
public sealed class EngineConnection : IDisposable
{
    public static readonly Version MinimumApiVersion = new(1, 41);

    /// <summary>The newest API version this client speaks; a newer engine is addressed with this one.</summary>
    public static readonly Version MaximumApiVersion = new(1, 45);

    private readonly HttpClient _http;
    private readonly SemaphoreSlim _negotiate = new(1, 1);
    private Version? _apiVersion;

    /// <param name="endpoint">Where the engine listens.</param>
    /// <param name="requestTimeout">Bounds every request (a hung engine fails with one line); default: no bound.</param>
    public EngineConnection(EngineEndpoint endpoint, TimeSpan? requestTimeout = null)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        if (endpoint.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        else if (endpoint.Ssh is { } ssh)
        {
            // One ssh process per HTTP connection, as the Docker CLI's connection helper does.
            handler.ConnectCallback = (_, _) => ValueTask.FromResult(SshDialer.Dial(ssh));
        }
        else if (endpoint.TlsCertPath is { } certPath)
        {
            ConfigureTls(handler, certPath, endpoint.TlsVerify);
        }
        _http = new HttpClient(handler) { BaseAddress = endpoint.BaseAddress, Timeout = requestTimeout ?? Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("drydock/" + ToolInfo.Version);
    }

    public EngineEndpoint Endpoint { get; }

    /// <summary>From DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, as the Docker CLI reads them.</summary>
    public static EngineConnection FromEnvironment() => new(EngineEndpoint.FromEnvironment());

    /// <summary>podman's Libpod API version from <c>/_ping</c> (<c>4.3.1</c>); null for dockerd. Known after negotiation.</summary>
    public string? LibpodApiVersion { get; private set; }

    /// <summary>The negotiated API version (pings the engine on first use).</summary>
    public async Task<Version> GetApiVersionAsync(CancellationToken cancellationToken)
    {
        if (_apiVersion is not null) return _apiVersion;
        await _negotiate.WaitAsync(cancellationToken);
        try
        {
            if (_apiVersion is not null) return _apiVersion;
            using var response = await RawSendAsync(new HttpRequestMessage(HttpMethod.Get, "/_ping"), cancellationToken);
            var header = response.Headers.TryGetValues("Api-Version", out var values) ? values.FirstOrDefault() : null;
            LibpodApiVersion = response.Headers.TryGetValues("Libpod-Api-Version", out var libpod) ? libpod.FirstOrDefault() : null;
            // An engine that does not say is assumed to speak the minimum (older engines are refused by name below).
            var server = Version.TryParse(header, out var v) ? v : MinimumApiVersion;
            if (server < MinimumApiVersion)
                throw new DrydockException($"docker engine {Endpoint.Host}: API version {server} is older than the {MinimumApiVersion} Drydock needs");
            return _apiVersion = server < MaximumApiVersion ? server : MaximumApiVersion;
        }
        finally
        {
            _negotiate.Release();
        }
    }

    /// <summary><c>GET /images/{name}/json</c>; null when the engine has no such image.</summary>
    public async Task<EngineImageInspect?> InspectImageAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/images/{CheckName(name)}/json", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, $"inspect image {name}", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await ReadJsonAsync(body, EngineJsonContext.Default.EngineImageInspect, "image inspect", cancellationToken);
    }

    /// <summary><c>GET /images/{name}/get</c> (docker save): writes the image's docker-archive tar to <paramref name="destination"/>.</summary>
    public async Task SaveImageAsync(string name, string destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/images/{CheckName(name)}/get", cancellationToken);
        await EnsureSuccessAsync(response, $"export image {name}", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await body.CopyToAsync(file, cancellationToken);
    }

    /// <summary>Sends to <c>/v{version}{path}</c>; connection failures become one-line errors naming the engine.</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken, HttpContent? content = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var version = await GetApiVersionAsync(cancellationToken);
        var request = new HttpRequestMessage(method, $"/v{version.ToString(2)}{path}") { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        return await RawSendAsync(request, cancellationToken);
    }

    internal async Task<T> ReadJsonAsync<T>(Stream body, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(body, type, cancellationToken)
                ?? throw new DrydockException($"docker engine {Endpoint.Host}: empty {what}");
        }
        catch (JsonException e)
        {
            throw new DrydockException($"docker engine {Endpoint.Host}: {what} is not valid JSON ({e.Message.Split('.')[0]})");
        }
    }

    internal async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        string? message = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            message = JsonSerializer.Deserialize(text, EngineJsonContext.Default.EngineErrorMessage)?.Message;
        }
        catch (JsonException)
        {
            // not the engine's error JSON
        }
        throw new DrydockException($"docker engine {Endpoint.Host}: {what}: {(int)response.StatusCode} {message?.Split('\n')[0] ?? response.ReasonPhrase}");
    }

    private async Task<HttpResponseMessage> RawSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                if (FindSshFailure(e) is { } ssh)
                    throw new DrydockException($"docker engine {Endpoint.Host}: unreachable ({ssh.Message})", inner: e);
                var reason = (e.InnerException as SocketException)?.SocketErrorCode switch
                {
                    SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "no such socket",
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.AccessDenied => "permission denied",
                    _ when e.HttpRequestError == HttpRequestError.SecureConnectionError => "TLS verification failed",
                    _ => e.Message.Split('\n')[0],
                };
                throw new DrydockException($"docker engine {Endpoint.Host}: unreachable ({reason}); is dockerd running? (set DOCKER_HOST to choose another engine)", inner: e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DrydockException($"docker engine {Endpoint.Host}: no answer within {_http.Timeout.TotalSeconds:0} s", inner: e);
            }
        }
    }

    private static SshDialException? FindSshFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SshDialException ssh) return ssh;
        }
        return null;
    }

    private static string CheckName(string name)
    {
        // Names go into the URL path as the Docker CLI puts them (the engine routes /images/{name:.*}/json).
        if (name.Length == 0 || name.Length > 512 || name.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '%' or '\\') || name.Contains("..", StringComparison.Ordinal))
            throw new UsageException($"invalid docker image name '{name}'");
        return name;
    }

    private static void ConfigureTls(SocketsHttpHandler handler, string certPath, bool verify)
    {
        var ca = new X509Certificate2Collection();
        var caFile = Path.Combine(certPath, "ca.pem");
        if (File.Exists(caFile)) ca.ImportFromPemFile(caFile);
        var certFile = Path.Combine(certPath, "cert.pem");
        var keyFile = Path.Combine(certPath, "key.pem");
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = File.Exists(certFile) && File.Exists(keyFile) ? [X509Certificate2.CreateFromPemFile(certFile, keyFile)] : null,
            // verify=false only when the hosts file says tlsVerify=false for this engine.
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                !verify || errors == SslPolicyErrors.None ||
                (errors == SslPolicyErrors.RemoteCertificateChainErrors && RegistryCertificates.ChainsTo(ca, certificate, chain)),
        };
    }

    public void Dispose()
    {
        _http.Dispose();
        _negotiate.Dispose();
    }
}
