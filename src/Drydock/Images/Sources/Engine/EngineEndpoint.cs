namespace Drydock.Images.Sources.Engine;

/// <summary>
/// Where the Docker engine listens, read as the Docker CLI reads it: <c>DOCKER_HOST</c> (<c>unix:///path</c> or
/// <c>tcp://host:port</c>; default <c>unix:///var/run/docker.sock</c>), TLS for tcp when <c>DOCKER_TLS_VERIFY</c> is set,
/// with <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c> from <c>DOCKER_CERT_PATH</c> (default <c>~/.docker</c>);
/// <c>ssh://[user@]host[:port]</c> (<see cref="SshTarget"/>); without a host, the docker context in use (<see cref="DockerContexts"/>).
/// </summary>
public sealed record EngineEndpoint
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The host as given (<c>unix:///run/docker.sock</c>, <c>tcp://127.0.0.1:2376</c>).</summary>
    public string Host { get; init; } = DefaultHost;

    /// <summary>The socket path for a unix host; null for tcp.</summary>
    public string? SocketPath { get; init; } = "/var/run/docker.sock";

    /// <summary>The HTTP base address: a placeholder host for unix sockets, http(s)://host:port for tcp.</summary>
    public Uri BaseAddress { get; init; } = new("http://docker/");

    /// <summary>Folder with ca.pem, cert.pem, key.pem for TLS; null = no TLS.</summary>
    public string? TlsCertPath { get; init; }

    /// <summary>
    /// False only when asked for by name (a hosts file's <c>tlsVerify=false</c>, like <c>docker --tls</c> without
    /// <c>--tlsverify</c>): TLS with the client certificate, but the engine's certificate is not checked.
    /// </summary>
    public bool TlsVerify { get; init; } = true;

    /// <summary>For <c>ssh://</c> hosts: whom to ssh to (<see cref="SshDialer"/>); null otherwise.</summary>
    public SshTarget? Ssh { get; init; }

    /// <summary>The docker context this endpoint came from, when it came from one.</summary>
    public string? Context { get; init; }

    public static EngineEndpoint FromEnvironment() => FromEnvironment(null);

    /// <summary>
    /// <paramref name="host"/> (a <c>--host</c> value) or <c>DOCKER_HOST</c>, with TLS from <c>DOCKER_CERT_PATH</c>
    /// (default <c>~/.docker</c>) when <c>DOCKER_TLS_VERIFY</c> is set or the tcp port is 2376 (Docker's TLS port).
    /// </summary>
    public static EngineEndpoint FromEnvironment(string? host)
    {
        host ??= Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host) && DockerContexts.Endpoint(DockerContexts.Current()) is { } context) return context;
        var certPath = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH") is { Length: > 0 } path ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        var endpoint = Parse(host, string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY")) ? null : certPath);
        return endpoint.SocketPath is null && endpoint.TlsCertPath is null && endpoint.BaseAddress.Port == 2376 ? Parse(host, certPath) : endpoint;
    }

    /// <summary>
    /// Parses a DOCKER_HOST value (a bare absolute path is a unix socket); <paramref name="tlsCertPath"/> non-null turns
    /// on TLS for tcp, verified unless <paramref name="tlsVerify"/> is false.
    /// </summary>
    public static EngineEndpoint Parse(string? host, string? tlsCertPath = null, bool tlsVerify = true)
    {
        if (string.IsNullOrWhiteSpace(host)) host = DefaultHost;
        if (host.StartsWith('/')) host = "unix://" + host;
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            if (path.Length == 0 || path[0] != '/') throw new UsageException($"DOCKER_HOST '{host}': a unix socket needs an absolute path");
            return new EngineEndpoint { Host = host, SocketPath = path, BaseAddress = new Uri("http://docker/") };
        }
        if (host.StartsWith("tcp://", StringComparison.Ordinal) || host.StartsWith("http://", StringComparison.Ordinal) ||
            host.StartsWith("https://", StringComparison.Ordinal))
        {
            var rest = host[(host.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
            var tls = tlsCertPath is not null || host.StartsWith("https://", StringComparison.Ordinal);
            if (!Uri.TryCreate($"{(tls ? "https" : "http")}://{rest}/", UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
                throw new UsageException($"DOCKER_HOST '{host}' is not tcp://HOST:PORT");
            if (!rest.Contains(':', StringComparison.Ordinal)) uri = new UriBuilder(uri) { Port = tls ? 2376 : 2375 }.Uri;
            return new EngineEndpoint { Host = host, SocketPath = null, BaseAddress = uri, TlsCertPath = tlsCertPath, TlsVerify = tlsVerify };
        }
        if (host.StartsWith("ssh://", StringComparison.Ordinal))
            return new EngineEndpoint { Host = host, SocketPath = null, BaseAddress = new Uri("http://docker/"), Ssh = SshTarget.Parse(host) };
        throw new UsageException($"DOCKER_HOST '{host}' is not supported: use unix:///path, tcp://host:port or ssh://[user@]host[:port]");
    }
}
