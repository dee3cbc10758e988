using System.CommandLine;
using Drydock.Hosts;
using Drydock.Hosts.Update;
using Drydock.Images.Sources.Engine;
using Drydock.Images.Sources.Registry;

namespace Drydock.Cli.Commands;

/// <summary>The options the <c>host</c> verbs share, and how they become library inputs (engines, registry, health gate).</summary>
internal static class HostOptions
{
    public static Option<string[]> Host() => new("--host", "-H")
    {
        Description = "Docker engine to use: unix:///path, tcp://host:port or ssh://[user@]host[:port] (repeatable; default $DOCKER_HOST, else the docker context in use, else unix:///var/run/docker.sock). TLS from $DOCKER_CERT_PATH when $DOCKER_TLS_VERIFY is set; ssh runs 'ssh -- host docker system dial-stdio' with your ssh config, agent and known_hosts (BatchMode).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> Context() => new("--context")
    {
        Description = "A docker context (docker context ls) whose engine to use: its host and TLS material from $DOCKER_CONFIG/contexts (repeatable; not with --host). Default: $DOCKER_CONTEXT, else currentContext of config.json, when no --host or $DOCKER_HOST is set.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> HostsFile() => new("--hosts-file")
    {
        Description = "A file listing engines, one per line: 'unix:///path' or 'tcp://host:2376 certPath=DIR [tlsVerify=false]' (or YAML '- host: URL' with 'certPath: DIR'). Combined with --host.",
    };

    public static Option<string[]> InsecureRegistry() => new("--insecure-registry")
    {
        Description = "A registry (host or host:port) that may be reached over plain HTTP or unverified TLS when resolving latest digests (repeatable).",
    };

    public static Option<string> StateDir() => new("--state-dir")
    {
        Description = "Where backout points, update history, pins and rejected images are kept, one folder per engine (engines/<engine key>/).",
        DefaultValueFactory = _ => UpdateStateStore.DefaultDirectory,
    };

    public static Option<int> HealthTimeout() => new("--health-timeout")
    {
        Description = "Seconds to wait for the new container to be healthy (or stable) before rolling back.",
        DefaultValueFactory = _ => 120,
    };

    public static Option<int> StableFor() => new("--stable-for")
    {
        Description = "Without a HEALTHCHECK: seconds the new container must keep running without restarting.",
        DefaultValueFactory = _ => 10,
    };

    public static Option<string?> Database() => new("--db")
    {
        Description = "The vulnerability database for per-image vulnerability counts (default $DRYDOCK_DB or vuln.db in $DRYDOCK_CACHE_DIR, $XDG_CACHE_HOME/drydock or ~/.cache/drydock). Without one the counts are n/a and the audit still runs.",
    };

    public static Option<int> ExitCode() => new("--exit-code")
    {
        Description = "Exit code when an update was rolled back or failed, a host failed, could not be reached, timed out or was not started, or a container asked for by name (--container) is pinned.",
        DefaultValueFactory = _ => 1,
    };

    public static Option<string> Format() => new("--format", "-f") { Description = "Report format: table or json.", DefaultValueFactory = _ => "table" };

    public static string CheckFormat(string format, string expected = "table or json") =>
        format is "table" or "json" ? format : throw new UsageException($"unknown --format '{format}' (expected {expected})");

    public static RegistryClientOptions Registry(ParseResult parse, Option<string[]> insecure, IProgressSink progress) => new()
    {
        InsecureRegistries = new HashSet<string>(parse.GetValue(insecure) ?? [], StringComparer.OrdinalIgnoreCase),
        Progress = progress,
        MaxAttempts = 2,
    };

    /// <summary>--host values, --context engines and the --hosts-file entries; one null entry (the environment) when none is given.</summary>
    public static IReadOnlyList<HostEntry?> Entries(ParseResult parse, Option<string[]> hosts, Option<string?> hostsFile, Option<string[]>? contexts = null)
    {
        var list = new List<HostEntry?>();
        var given = parse.GetValue(hosts) ?? [];
        var named = contexts is null ? [] : parse.GetValue(contexts) ?? [];
        if (given.Length > 0 && named.Length > 0) throw new UsageException("conflicting options: give --host or --context, not both");
        foreach (var h in given)
        {
            var endpoint = EngineEndpoint.FromEnvironment(h);
            list.Add(new HostEntry(endpoint.Host, endpoint.TlsCertPath, endpoint.TlsVerify));
        }
        foreach (var name in named)
        {
            var endpoint = DockerContexts.Endpoint(name) ?? EngineEndpoint.FromEnvironment();
            list.Add(new HostEntry(endpoint.Host, endpoint.TlsCertPath, endpoint.TlsVerify));
        }
        if (parse.GetValue(hostsFile) is { } file)
        {
            if (!File.Exists(file)) throw new UsageException($"--hosts-file '{file}' does not exist");
            list.AddRange(Hosts.HostsFile.Parse(File.ReadAllText(file), file));
        }
        if (list.Count == 0) list.Add(null);
        return list;
    }

    public static UpdateOptions Update(ParseResult parse, Option<int> healthTimeout, Option<int> stableFor) => new()
    {
        HealthTimeout = TimeSpan.FromSeconds(Positive(parse.GetValue(healthTimeout), "--health-timeout")),
        StableFor = TimeSpan.FromSeconds(Positive(parse.GetValue(stableFor), "--stable-for")),
        Progress = new StderrProgress(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet)),
        PauseAfterPhase = TestPausePhase(),
    };

    public static Option<string?> ReportTo(string what) => new("--report-to")
    {
        Description = $"Also post {what} (its JSON form) to this drydock server (base URL; docs/server.md), with --token.",
    };

    public static Option<string?> Token() => new("--token") { Description = "The server token (scope agent) for --report-to. Default: $DRYDOCK_TOKEN." };

    /// <summary>The server endpoint and token of --report-to, checked before any work is done; null without --report-to.</summary>
    public static (Uri Endpoint, string Token)? ReportTarget(ParseResult parse, Option<string?> reportTo, Option<string?> token, string path) =>
        parse.GetValue(reportTo) is { } server
            ? (Server.Agents.AuditUploader.Endpoint(server, path), parse.GetValue(token) ?? Environment.GetEnvironmentVariable("DRYDOCK_TOKEN")
                ?? throw new UsageException("--report-to needs --token (or DRYDOCK_TOKEN)"))
            : null;

    /// <summary>
    /// Posts a run's JSON report after it was written: a failure is one line on stderr and never hides the run's own
    /// result, so the exit code stays <paramref name="runExitCode"/>, or becomes 3 when the run itself succeeded.
    /// </summary>
    public static async Task<int> PostRunAsync((Uri Endpoint, string Token)? target, Action<Stream> json, TextWriter stderr, int runExitCode, CancellationToken ct)
    {
        if (target is not { } t) return runExitCode;
        using var body = new MemoryStream();
        json(body);
        try
        {
            await Server.Agents.AuditUploader.SendAsync(t.Endpoint, t.Token, body.ToArray(), ct);
            return runExitCode;
        }
        catch (DrydockException e)
        {
            await stderr.WriteLineAsync($"drydock: the run report was not posted: {e.Message.Split('\n')[0]}");
            return runExitCode != 0 ? runExitCode : ExitCodes.RuntimeError;
        }
    }

    /// <summary>Writes a host report to stdout, or to <paramref name="path"/> through <see cref="SafeFileWriter"/>.</summary>
    public static async Task WriteAsync(string format, Action<Stream> json, Action<TextWriter> table, string? path, TextWriter stdout, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        if (format == "json")
        {
            json(buffer);
            buffer.WriteByte((byte)'\n');
        }
        else
        {
            await using var text = new StreamWriter(buffer, leaveOpen: true);
            table(text);
        }
        if (path is null or "-")
        {
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }
        await SafeFileWriter.WriteAllBytesAsync(path, buffer.ToArray(), ct);
    }

    /// <summary>
    /// <c>DRYDOCK_TEST_PAUSE_AFTER_PHASE=RenamedAside</c> (any <see cref="UpdatePhase"/>) makes an update wait after
    /// recording that phase, so the integration tests can SIGKILL drydock exactly there (docs/hosts.md "Crash recovery").
    /// </summary>
    private static UpdatePhase? TestPausePhase()
    {
        if (Environment.GetEnvironmentVariable("DRYDOCK_TEST_PAUSE_AFTER_PHASE") is not { Length: > 0 } value) return null;
        return Enum.TryParse<UpdatePhase>(value, ignoreCase: true, out var phase) && Enum.IsDefined(phase) ? phase
            : throw new UsageException($"DRYDOCK_TEST_PAUSE_AFTER_PHASE '{value}' is not a phase ({string.Join(", ", Enum.GetNames<UpdatePhase>())})");
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new UsageException($"{name} must be a positive number of seconds");
}
