namespace Drydock.Server;

/// <summary>
/// Everything one <c>drydock server</c> process is started with (docs/server.md). The CLI fills it from flags and
/// environment variables; nothing here reads argv or the environment.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The Npgsql connection string (<c>--postgres</c>, <c>DRYDOCK_POSTGRES</c>).</summary>
    public required string Postgres { get; init; }

    /// <summary>Where the HTTP API listens (<c>--listen HOST:PORT</c>); null = no API (a worker-only process).</summary>
    public ListenAddress? Listen { get; init; }

    /// <summary>How many scan jobs this process runs at once; 0 = claims no queued job (<c>--no-worker</c>).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>The vulnerability database file (<c>--db</c>); null = inventory and controls only.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>The first admin token, from <c>--bootstrap-token-file</c> or <c>DRYDOCK_TOKEN</c>; null = generate one when none exists.</summary>
    public string? BootstrapToken { get; init; }

    /// <summary>Pull <c>--db-repository</c> into <see cref="DatabasePath"/> every <c>--db-pull-interval</c>; null = only the pull at start.</summary>
    public Rematch.DatabasePullSettings? DatabasePull { get; init; }

    /// <summary>Subscribers given at start (<c>--webhook URL</c> with its <c>--webhook-secret</c>); more through <c>POST /api/v1/webhooks</c>.</summary>
    public IReadOnlyList<WebhookSubscription> Webhooks { get; init; } = [];

    /// <summary>The first retry delay of a failed webhook delivery (<c>--webhook-backoff</c>); doubled on each further attempt.</summary>
    public TimeSpan WebhookBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most notifications one webhook POST carries (<c>--webhook-max-notifications</c>); more go in further parts.</summary>
    public int WebhookMaxNotifications { get; init; } = Drydock.Server.Webhooks.DeliveryPlanner.DefaultMaxNotifications;

    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }

    /// <summary>Registries reached over plain HTTP or unverified TLS (<c>--insecure-registry</c>).</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a claimed job stays leased without a heartbeat (<c>--job-lease</c>); the worker renews it every third of it.</summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>What is kept of old results (<c>--retain-db-versions</c>, <c>--retain-days</c>).</summary>
    public RetentionSettings Retention { get; init; } = new();

    /// <summary>The layer cache the scans share on this machine; null = none.</summary>
    public string? CachePath { get; init; }
}

/// <summary>A host (name or address) and port to listen on.</summary>
public sealed record ListenAddress(string Host, int Port)
{
    /// <summary>Parses <c>HOST:PORT</c> (<c>[::1]:8080</c> for IPv6); a <see cref="UsageException"/> on anything else.</summary>
    public static ListenAddress Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new UsageException($"--listen '{text}' is not HOST:PORT (e.g. 127.0.0.1:8080)");
        var host = text[..colon].Trim('[', ']');
        return new ListenAddress(host, port);
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

/// <summary>A webhook subscriber: where to post and the HMAC-SHA256 key its signature header uses (null = unsigned).</summary>
public sealed record WebhookSubscription(Uri Url, string? Secret);

/// <summary>
/// How much history the server keeps: findings of the newest <see cref="DatabaseVersions"/> database versions per image,
/// and finished jobs, agent audits and unreferenced images for <see cref="Days"/> days.
/// </summary>
public sealed record RetentionSettings
{
    public int DatabaseVersions { get; init; } = 2;
    public int Days { get; init; } = 30;
}
