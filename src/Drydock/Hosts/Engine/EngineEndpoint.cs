namespace Drydock.Hosts.Engine;

/// <summary>
/// Where a Docker engine listens, as <c>DOCKER_HOST</c> says it: <c>unix:///var/run/docker.sock</c> (the default),
/// <c>tcp://host:2376</c>, with TLS material from <c>DOCKER_CERT_PATH</c> (ca.pem, cert.pem, key.pem) when
/// <c>DOCKER_TLS_VERIFY</c> is set or the port is 2376.
/// </summary>
public sealed record EngineEndpoint(string Host, string? SocketPath, Uri? TcpUri, string? CertPath, bool TlsVerify)
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    public static EngineEndpoint FromEnvironment(string? host = null) =>
        Parse(host ?? Environment.GetEnvironmentVariable("DOCKER_HOST") ?? DefaultSocket,
            Environment.GetEnvironmentVariable("DOCKER_CERT_PATH"),
            Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is { Length: > 0 } v && v != "0");

    public static EngineEndpoint Parse(string host, string? certPath, bool tlsVerify)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            return path.Length > 0 ? new EngineEndpoint(host, path, null, null, false) : throw new UsageException($"invalid engine host '{host}': no socket path");
        }
        if (host.StartsWith("tcp://", StringComparison.Ordinal) || host.StartsWith("https://", StringComparison.Ordinal) || host.StartsWith("http://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(host.Replace("tcp://", "x://", StringComparison.Ordinal), UriKind.Absolute, out var u) || u.Port <= 0)
                throw new UsageException($"invalid engine host '{host}': expected tcp://HOST:PORT");
            var tls = tlsVerify || certPath is not null || u.Port == 2376 || host.StartsWith("https://", StringComparison.Ordinal);
            var cert = certPath ?? (tls ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker") : null);
            return new EngineEndpoint(host, null, new Uri($"{(tls ? "https" : "http")}://{u.Host}:{u.Port}"), cert, tls);
        }
        if (host.StartsWith('/')) return new EngineEndpoint("unix://" + host, host, null, null, false);
        throw new UsageException($"unsupported engine host '{host}' (expected unix:///path or tcp://host:port)");
    }
}
