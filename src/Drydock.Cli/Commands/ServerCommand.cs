using System.CommandLine;
using Drydock.Policy;
using Drydock.Scanning.Cache;
#if !DRYDOCK_NO_SERVER
using Drydock.Server;
using Drydock.Server.Hosting;
#endif
using Drydock.Vulnerabilities.Database;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock server</c>: parse the flags (docs/server.md) into <c>ServerOptions</c> and run the server until
/// SIGINT/SIGTERM. A build without the server (the NativeAOT binary, DRYDOCK_NO_SERVER: Drydock.Cli.csproj) keeps the
/// verb and its flags for <c>--help</c> and refuses to run it in one line (<see cref="NotInThisBuild"/>, exit 2).
/// </summary>
internal static class ServerCommand
{
    /// <summary>What <c>drydock server</c> says in a build without the server.</summary>
    public const string NotInThisBuild =
        "this drydock binary is built without the server (the NativeAOT release binary leaves it out to start faster): " +
        "run 'drydock server' from the framework-dependent build ('dotnet publish src/Drydock.Cli', the dotnet tool, " +
        "deploy/server/Dockerfile; docs/server.md)";

    public const string PostgresVariable = "DRYDOCK_POSTGRES";
    public const string ListenVariable = "DRYDOCK_LISTEN";
    public const string TokenVariable = "DRYDOCK_TOKEN";
    private const string DefaultListen = "127.0.0.1:8080";

    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres") { Description = $"PostgreSQL connection string (Npgsql form: Host=…;Port=…;Username=…;Password=…;Database=…). Default: ${PostgresVariable}. Required: the server refuses to start without PostgreSQL (exit 3)." };
        var listen = new Option<string?>("--listen") { Description = $"HOST:PORT the HTTP API listens on. Default: ${ListenVariable}, else {DefaultListen}. Not used with --worker." };
        var worker = new Option<bool>("--worker") { Description = "Worker only: claim and run queued scans, serve no API." };
        var noWorker = new Option<bool>("--no-worker") { Description = "API only: run no queued scan (Harbor scans that carry registry credentials still run here, where the credentials are)." };
        var workers = new Option<int>("--workers") { Description = "Scans this process runs at the same time.", DefaultValueFactory = _ => 1 };
        var db = new Option<string?>("--db") { Description = "The vulnerability database file (default $DRYDOCK_DB or vuln.db in the cache folder). Without one, scans give inventories and control verdicts only." };
        var bootstrap = new Option<string?>("--bootstrap-token-file") { Description = $"File holding the first admin token (stored hashed; idempotent). Default: ${TokenVariable}; else a token is generated and printed once on stderr when no admin token exists." };
        var webhook = new Option<string[]>("--webhook") { Description = "A webhook subscriber URL stored at start (repeatable): new vulnerabilities found by the re-match after each database change are posted to it. More, with filters, through POST /api/v1/webhooks." };
        var webhookSecret = new Option<string?>("--webhook-secret") { Description = "The HMAC-SHA256 key of the --webhook subscribers given with it." };
        var webhookBackoff = new Option<string>("--webhook-backoff") { Description = "The first retry delay of a failed webhook delivery, doubled on each further attempt (8 attempts in all), e.g. 30s, 2m.", DefaultValueFactory = _ => "30s" };
        var webhookMax = new Option<int>("--webhook-max-notifications") { Description = "The most notifications one webhook POST carries (and at most 500 images); a re-match that finds more sends further parts.", DefaultValueFactory = _ => 10_000 };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate (chain) to serve HTTPS with; needs --tls-key." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
        var insecure = CommonOptions.InsecureRegistry();
        var lease = new Option<string>("--job-lease") { Description = "How long a claimed job stays leased without a heartbeat before another worker takes it over, e.g. 30s, 2m (heartbeats come every third of it).", DefaultValueFactory = _ => "2m" };
        var retainVersions = new Option<int>("--retain-db-versions") { Description = "Results kept per image: those of the newest N vulnerability database versions.", DefaultValueFactory = _ => 2 };
        var retainDays = new Option<int>("--retain-days") { Description = "Days finished jobs, hosts not heard from, history rows (freshness, updates, rollbacks) and images nothing refers to are kept.", DefaultValueFactory = _ => 30 };
        var command = new Command("server",
            "Continuous compliance on PostgreSQL: a scan queue shared by any number of server processes, results stored once per image digest and database " +
            "version, Drydock's API (scans, reports, affected images and containers, agent audits, tokens; OpenAPI at /api/v1/openapi.json) and Harbor's " +
            "Pluggable Scanner API v1.2. Runs until SIGINT/SIGTERM. Runs from the framework-dependent build (dotnet publish, the dotnet tool, " +
            "deploy/server/Dockerfile): the NativeAOT release binary leaves the server out. See docs/server.md.\n" + DrydockCli.ExitCodeHelp)
        {
            postgres, listen, worker, noWorker, workers, db, bootstrap, webhook, webhookSecret, webhookBackoff, webhookMax, tlsCert, tlsKey, insecure, lease, retainVersions, retainDays,
        };
        var repository = DbRepositoryOptions.AddTo(command);
        var pullInterval = new Option<string?>("--db-pull-interval") { Description = "With --db-repository: pull it again every DURATION (e.g. 15m, 1h; 1s or more) while the server runs; a newer database is installed over --db and re-matched. Default: pull only at start." };
        command.Options.Add(pullInterval);
#if DRYDOCK_NO_SERVER
        command.SetAction((_, _) => Task.FromException<int>(new UsageException(NotInThisBuild)));
#else
        command.SetAction(async (parse, ct) =>
        {
            var dsn = parse.GetValue(postgres) is { Length: > 0 } p ? p : Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(dsn))
                throw new DrydockException($"the server needs PostgreSQL: give --postgres CONNECTION-STRING or set {PostgresVariable} (see docs/server.md)");
            if (parse.GetValue(worker) && parse.GetValue(noWorker)) throw new UsageException("--worker and --no-worker exclude each other");
            var count = parse.GetValue(workers);
            if (count is < 1 or > 64) throw new UsageException("--workers must be between 1 and 64");
            if (parse.GetValue(retainVersions) < 1) throw new UsageException("--retain-db-versions must be 1 or more");
            if (parse.GetValue(retainDays) < 1) throw new UsageException("--retain-days must be 1 or more");
            var jobLease = Durations.Parse(parse.GetValue(lease)!, "--job-lease");
            if (jobLease < TimeSpan.FromSeconds(3)) throw new UsageException("--job-lease must be 3s or more");
            var secret = parse.GetValue(webhookSecret);
            var hooks = (parse.GetValue(webhook) ?? []).Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? new WebhookSubscription(uri, secret) : throw new UsageException($"--webhook '{u}' is not an http(s) URL")).ToList();
            if (secret is not null && hooks.Count == 0) throw new UsageException("--webhook-secret needs --webhook");
            var backoff = Durations.Parse(parse.GetValue(webhookBackoff)!, "--webhook-backoff");
            if (parse.GetValue(webhookMax) < 1) throw new UsageException("--webhook-max-notifications must be 1 or more");

            var listenAddress = parse.GetValue(worker) ? null : ListenAddress.Parse(ListenText(parse.GetValue(listen)));
            var bootstrapToken = BootstrapToken(parse.GetValue(bootstrap));
            var insecureHosts = CommonOptions.InsecureRegistries(parse, insecure);
            var dbPath = DatabaseLocation.Resolve(parse.GetValue(db));
            if (repository.Repository(parse, DrydockPolicy.Default) is not null)
                await repository.EnsureDatabaseAsync(parse, dbPath, DrydockPolicy.Default, insecureHosts, new StderrProgress(parse.InvocationConfiguration.Error, quiet: true), ct);
            else if (parse.GetValue(db) is not null && !File.Exists(dbPath))
                throw new UsageException($"--db {dbPath}: no such file (run 'drydock db update --db {dbPath}', or give --db-repository)");

            var interval = parse.GetValue(pullInterval) is { } every ? Durations.Parse(every, "--db-pull-interval") : (TimeSpan?)null;
            if (interval < TimeSpan.FromSeconds(1)) throw new UsageException("--db-pull-interval must be 1s or more");
            if (interval is not null && repository.Repository(parse, DrydockPolicy.Default) is null) throw new UsageException("--db-pull-interval needs --db-repository");
            var options = new ServerOptions
            {
                Postgres = dsn,
                Listen = listenAddress,
                Workers = parse.GetValue(noWorker) ? 0 : count,
                DatabasePath = File.Exists(dbPath) ? dbPath : null,
                DatabasePull = interval is { } period ? repository.PullSettings(parse, DrydockPolicy.Default, insecureHosts, period) : null,
                BootstrapToken = bootstrapToken,
                Webhooks = hooks,
                WebhookBackoff = backoff,
                WebhookMaxNotifications = parse.GetValue(webhookMax),
                TlsCertificate = parse.GetValue(tlsCert),
                TlsKey = parse.GetValue(tlsKey),
                InsecureRegistries = insecureHosts,
                JobLease = jobLease,
                Retention = new RetentionSettings { DatabaseVersions = parse.GetValue(retainVersions), Days = parse.GetValue(retainDays) },
                CachePath = LayerCache.DefaultPath,
            };
            using var stop = new CancellationTokenSource();
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stop.Token);
            await ServerHost.RunAsync(options, parse.InvocationConfiguration.Error, linked.Token);
            return ExitCodes.Success;
        });
#endif
        return command;
    }

#if !DRYDOCK_NO_SERVER

    private static string ListenText(string? given) =>
        !string.IsNullOrWhiteSpace(given) ? given : Environment.GetEnvironmentVariable(ListenVariable) is { Length: > 0 } env ? env : DefaultListen;

    /// <summary>The first admin token: the file's first line, else $DRYDOCK_TOKEN, else none.</summary>
    private static string? BootstrapToken(string? file)
    {
        if (file is not null)
        {
            if (!File.Exists(file)) throw new UsageException($"--bootstrap-token-file {file}: no such file");
            var token = File.ReadLines(file).FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(token) || token.Length < 16) throw new UsageException($"--bootstrap-token-file {file}: the first line must hold a token of 16 characters or more");
            return token;
        }
        var env = Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(env)) return null;
        return env.Trim().Length >= 16 ? env.Trim() : throw new UsageException($"{TokenVariable} must hold a token of 16 characters or more");
    }
#endif

}
