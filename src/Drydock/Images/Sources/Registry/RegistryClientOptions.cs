namespace Drydock.Images.Sources.Registry;

/// <summary>How a <see cref="RegistryClient"/> connects: TLS trust, insecure hosts, credentials, timeouts and retries.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Hosts (<c>host</c> or <c>host:port</c>) that may be reached over plain HTTP or unverified TLS.</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Docker's per-registry certificate folder: <c>&lt;root&gt;/&lt;host[:port]&gt;/{*.crt, *.cert, *.key}</c>.</summary>
    public string CertsDirectory { get; init; } = DefaultCertsDirectory();

    /// <summary>Where credentials come from; null = anonymous only.</summary>
    public DockerCredentialStore? Credentials { get; init; } = new();

    /// <summary>Time allowed for one request to answer with headers (bodies stream without this limit).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A blob body that delivers no byte for this long while being read is abandoned as stalled.</summary>
    public TimeSpan BodyIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per request on 429, 5xx and network errors (1 = no retry).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First back-off delay; it doubles per attempt, with up to 50 % jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait a <c>Retry-After</c> may impose; longer demands fail at once with the advertised delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;

    /// <summary>Options from an image open request: its insecure hosts and progress sink, the environment for the rest.</summary>
    public static RegistryClientOptions From(ImageOpenOptions options) => new()
    {
        InsecureRegistries = options.InsecureRegistries,
        Progress = options.Progress,
    };

    /// <summary><c>$DRYDOCK_CERTS_D</c> when set (tests), else Docker's <c>/etc/docker/certs.d</c>.</summary>
    public static string DefaultCertsDirectory()
    {
        var env = Environment.GetEnvironmentVariable("DRYDOCK_CERTS_D");
        return string.IsNullOrEmpty(env) ? "/etc/docker/certs.d" : env;
    }

    internal bool IsInsecure(string authority) =>
        InsecureRegistries.Contains(authority) ||
        (authority.LastIndexOf(':') is var colon and > 0 && !authority.EndsWith(']') && InsecureRegistries.Contains(authority[..colon]));
}
