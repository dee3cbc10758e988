using System.CommandLine;
using Drydock.Bases;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Hosts;
using Drydock.Hosts.Audit;
using Drydock.Hosts.Engine;
using Drydock.Hosts.Update;
using Drydock.Hosts.Watch;
using Drydock.Images.Sources.Engine;
using Drydock.Images.Sources.Registry;
using Drydock.Reports;
using Drydock.Scanning.Cache;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock host update|rollback</c>: keep the containers of Docker hosts on their latest images, with a backout.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var command = new Command("host", "Containers on Docker hosts: update stale ones to their latest image (health-gated, with automatic backout) and roll back.");
        command.Subcommands.Add(Audit());
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Rollback());
        command.Subcommands.Add(Watch());
        return command;
    }

    private static Option<string[]> HostOption() => new("--host", "-H")
    {
        Description = "Docker engine to use: unix:///path or tcp://host:port (repeatable; default $DOCKER_HOST or unix:///var/run/docker.sock). TLS from $DOCKER_CERT_PATH when $DOCKER_TLS_VERIFY is set.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<string?> HostsFileOption() => new("--hosts-file")
    {
        Description = "A file listing engines, one per line: 'unix:///path' or 'tcp://host:2376 certPath=DIR [tlsVerify=false]' (or YAML '- host: URL' with 'certPath: DIR'). Combined with --host.",
    };

    private static Option<string[]> InsecureRegistryOption() => new("--insecure-registry")
    {
        Description = "A registry (host or host:port) that may be reached over plain HTTP or unverified TLS when resolving latest digests (repeatable).",
    };

    private static Option<string> StateDirOption() => new("--state-dir")
    {
        Description = "Where backout points, update history, pins and rejected images are kept, one folder per engine (engines/<engine key>/).",
        DefaultValueFactory = _ => UpdateStateStore.DefaultDirectory,
    };

    private static Option<int> HealthTimeoutOption() => new("--health-timeout")
    {
        Description = "Seconds to wait for the new container to be healthy (or stable) before rolling back.",
        DefaultValueFactory = _ => 120,
    };

    private static Option<int> StableForOption() => new("--stable-for")
    {
        Description = "Without a HEALTHCHECK: seconds the new container must keep running without restarting.",
        DefaultValueFactory = _ => 10,
    };

    private static Option<string?> DatabaseOption() => new("--db")
    {
        Description = "The vulnerability database for per-image vulnerability counts (default $DRYDOCK_DB or vuln.db in $DRYDOCK_CACHE_DIR, $XDG_CACHE_HOME/drydock or ~/.cache/drydock). Without one the counts are n/a and the audit still runs.",
    };

    private static Option<int> ExitCodeOption() => new("--exit-code")
    {
        Description = "Exit code when an update was rolled back or failed, or a container asked for by name (--container) is pinned.",
        DefaultValueFactory = _ => 1,
    };

    private static Command Audit()
    {
        var hosts = HostOption();
        var hostsFile = HostsFileOption();
        var format = new Option<string>("--format", "-f") { Description = "Report format: table or json.", DefaultValueFactory = _ => "table" };
        var output = CommonOptions.Output();
        var maxAge = new Option<int?>("--max-age") { Description = "Gate: a container whose image was created more than DAYS days ago fails DRYDOCK-MAX-AGE." };
        var exitCode = new Option<int>("--exit-code") { Description = "Exit code when any container is stale or over --max-age (default 0: report only).", DefaultValueFactory = _ => 0 };
        var insecure = InsecureRegistryOption();
        var policy = CommonOptions.Policy();
        var concurrency = new Option<int>("--concurrency") { Description = "How many hosts are audited at the same time.", DefaultValueFactory = _ => 4 };
        var db = DatabaseOption();
        var stateDir = StateDirOption();
        var command = new Command("audit",
            "Audit every container (running or not) and every local image of one or more Docker engines: image reference, digest in use, the latest " +
            "digest of its tag (registry HEAD, nothing is pulled), stale/current/unknown, age, vulnerabilities by severity (the scan pipeline on " +
            "docker:<image id>, layer-cached; n/a without a database), base image trust (CIS 4.2), and containers whose image " +
            "no tag refers to any more. Hosts are audited concurrently and merged into one report; an unreachable host is listed with its error, " +
            "and the exit code is 3 when every host failed or the vulnerability scan of an image failed (the report is written first).\n" + DrydockCli.ExitCodeHelp)
        {
            hosts, hostsFile, format, output, maxAge, exitCode, insecure, policy, concurrency, db, stateDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var fmt = parse.GetValue(format)!;
            if (fmt is not ("table" or "json")) throw new UsageException($"unknown --format '{fmt}' (expected table or json)");
            if (parse.GetValue(maxAge) is < 0) throw new UsageException("--max-age must be zero or more days");
            var report = await RunAuditAsync(parse, hosts, hostsFile, insecure, policy, maxAge, db, parse.GetValue(concurrency), ct, parse.GetValue(stateDir));
            await WriteAuditAsync(report, fmt, parse.GetValue(output), parse.InvocationConfiguration.Output, ct);
            if (report.Hosts.Count > 0 && report.Hosts.All(h => h.Error is not null))
                throw new DrydockException($"no host could be audited: {string.Join("; ", report.Hosts.Select(h => $"{h.Host}: {h.Error}"))}");
            // An image whose scan failed was not checked: the report says so, and the audit does not end in success.
            var failedScans = report.FailedScans();
            foreach (var failed in failedScans) await parse.InvocationConfiguration.Error.WriteLineAsync($"drydock: vulnerability scan failed, image not checked: {failed}");
            if (failedScans.Count > 0) return ExitCodes.RuntimeError;
            return report.Containers.Any(AuditVerdicts.Gated) ? parse.GetValue(exitCode) : 0;
        });
        return command;
    }

    internal static async Task<HostAuditReport> RunAuditAsync(ParseResult parse, Option<string[]> hosts, Option<string?> hostsFile, Option<string[]> insecure,
        Option<string?> policy, Option<int?> maxAge, Option<string?> db, int concurrency, CancellationToken ct, string? stateDir = null)
    {
        if (concurrency < 1) throw new UsageException("--concurrency must be 1 or more");
        var progress = new StderrProgress(parse.InvocationConfiguration.Error);
        using var pool = new RegistryLookup.Pool(RegistryOptions(parse, insecure, progress));
        var options = new HostAuditOptions
        {
            Now = DateTimeOffset.UtcNow,
            MaxAgeDays = parse.GetValue(maxAge),
            BaseCatalog = new BaseCatalog(BaseCatalog.DefaultPath).Load(),
            Policy = CommonOptions.LoadPolicy(parse.GetValue(policy)),
            StateDirectory = stateDir,
        };
        var dbPath = DatabaseLocation.Resolve(parse.GetValue(db));
        options = File.Exists(dbPath)
            ? options with { Vulnerabilities = new CachedImageVulnerabilityScanner(new EngineImageVulnerabilityScanner(dbPath, LayerCache.DefaultPath, progress), LayerCache.DefaultPath, dbPath) }
            : options with { VulnerabilitiesUnavailable = $"no vulnerability database at {dbPath} (run 'drydock db update')" };
        var auditor = new HostAuditor(new FreshnessChecker(pool.For), options);
        return await new MultiHostAudit(auditor, concurrency, TimeSpan.FromMinutes(2), progress).RunAsync(Entries(parse, hosts, hostsFile), options.Now, ct);
    }

    private static async Task WriteAuditAsync(HostAuditReport report, string format, string? path, TextWriter stdout, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        if (format == "json")
        {
            HostAuditJsonWriter.Write(report, buffer);
            buffer.WriteByte((byte)'\n');
        }
        else
        {
            await using var text = new StreamWriter(buffer, leaveOpen: true);
            HostAuditTableWriter.Write(report, text);
        }
        if (path is null)
        {
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }
        await SafeFileWriter.WriteAllBytesAsync(path, buffer.ToArray(), ct);
    }

    private static RegistryClientOptions RegistryOptions(ParseResult parse, Option<string[]> insecure, IProgressSink progress) => new()
    {
        InsecureRegistries = new HashSet<string>(parse.GetValue(insecure) ?? [], StringComparer.OrdinalIgnoreCase),
        Progress = progress,
        MaxAttempts = 2,
    };

    /// <summary>--host values and the --hosts-file entries; one null entry (the environment) when neither is given.</summary>
    private static IReadOnlyList<HostEntry?> Entries(ParseResult parse, Option<string[]> hosts, Option<string?> hostsFile)
    {
        var list = new List<HostEntry?>();
        foreach (var h in parse.GetValue(hosts) ?? [])
        {
            var endpoint = EngineEndpoint.FromEnvironment(h);
            list.Add(new HostEntry(endpoint.Host, endpoint.TlsCertPath, endpoint.TlsVerify));
        }
        if (parse.GetValue(hostsFile) is { } file)
        {
            if (!File.Exists(file)) throw new UsageException($"--hosts-file '{file}' does not exist");
            list.AddRange(HostsFile.Parse(File.ReadAllText(file), file));
        }
        if (list.Count == 0) list.Add(null);
        return list;
    }

    private static Command Update()
    {
        var hosts = HostOption();
        var names = new Option<string[]>("--container", "-c") { Description = "Update this container (name or id; repeatable)." };
        var labels = new Option<string[]>("--label", "-l") { Description = "Update containers with this label KEY or KEY=VALUE (repeatable)." };
        var all = new Option<bool>("--all", "-a") { Description = "Update every container (except those labelled drydock.update=false)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing (no pull, no restart)." };
        var unpinOption = new Option<string[]>("--unpin")
        {
            Description = "Lift the pin a 'host rollback' put on this container: it follows its tag again and is updated in this run when stale (repeatable; selects the container).",
        };
        var stateDir = StateDirOption();
        var healthTimeout = HealthTimeoutOption();
        var stableFor = StableForOption();
        var exitCode = ExitCodeOption();
        var hostsFile = HostsFileOption();
        var insecure = InsecureRegistryOption();
        var command = new Command("update",
            "Update stale containers one at a time, in dependency order: pull the new image (the old one is kept), record the backout point, " +
            "stop the old container with its own signal and timeout, recreate it with the same configuration on the new image, start it and wait " +
            "until it is healthy; otherwise roll back automatically. An update interrupted by a crash is completed or backed out first.\n" + DrydockCli.ExitCodeHelp)
        {
            hosts, hostsFile, names, labels, all, dryRun, unpinOption, stateDir, healthTimeout, stableFor, exitCode, insecure,
        };
        command.SetAction(async (parse, ct) =>
        {
            var unpin = parse.GetValue(unpinOption) ?? [];
            var selector = new ContainerSelector([.. parse.GetValue(names) ?? [], .. unpin], parse.GetValue(labels) ?? [], parse.GetValue(all));
            if (!selector.All && selector.Names.Count == 0 && selector.Labels.Count == 0)
                throw new UsageException("say which containers to update: --container NAME, --label KEY=VAL or --all");
            var output = parse.InvocationConfiguration.Output;
            var options = Options(parse, healthTimeout, stableFor);
            var failed = await UpdateHostsAsync(Entries(parse, hosts, hostsFile), selector, options, parse.GetValue(stateDir)!,
                RegistryOptions(parse, insecure, options.Progress), parse.GetValue(dryRun), output, (_, _) => Task.CompletedTask, ct, unpin);
            return failed ? parse.GetValue(exitCode) : 0;
        });
        return command;
    }

    /// <summary>Updates the selected containers host after host; <paramref name="onOutcome"/> sees every outcome. True when one failed or was rolled back.</summary>
    private static async Task<bool> UpdateHostsAsync(IReadOnlyList<HostEntry?> hosts, ContainerSelector selector, UpdateOptions options, string stateDir,
        RegistryClientOptions registryOptions, bool dryRun, TextWriter output, Func<string, UpdateOutcome, Task> onOutcome, CancellationToken ct,
        IReadOnlyList<string>? unpinNames = null)
    {
        var unpin = unpinNames ?? [];
        var failed = false;
        using var pool = new RegistryLookup.Pool(registryOptions);
        var checker = new FreshnessChecker(pool.For);
        // Pulls carry the same credentials as the registry reads (X-Registry-Auth per registry).
        Func<string, CancellationToken, Task<string?>>? auth = registryOptions.Credentials is { } credentials ? new EngineRegistryAuth(credentials).HeaderAsync : null;
        // Hosts one after another: an update restarts containers, and one host's trouble should be seen before the next.
        foreach (var host in hosts)
        {
            using var engine = await DockerEngineClient.ConnectAsync(HostEntry.Endpoint(host), TimeSpan.FromMinutes(10), auth, ct);
            var store = await UpdateStateStore.OpenAsync(engine, stateDir, options.Progress, adoptLegacy: !dryRun, ct);
            var updater = new HostUpdater(engine, store, options);
            if (dryRun)
            {
                foreach (var pending in store.Pending())
                    await output.WriteLineAsync($"{engine.Host}\t{pending.ContainerName}\tinterrupted update (phase {pending.Phase}) would be completed first");
                // A dry run must not pull: it asks the registry (HEAD), else compares with what the engine has under the tag.
                var plan = await updater.PlanAsync(selector, updater.RegistryResolver(checker,
                    async (c, token) => (await engine.InspectImageAsync(c.ImageReference, token))?["Id"]?.GetValue<string>()), ct, unpin.ToHashSet(StringComparer.Ordinal));
                foreach (var p in plan)
                {
                    failed |= p.Pinned && selector.Named(p.Container);
                    await output.WriteLineAsync($"{engine.Host}\t{p.Container.Name}\t{(p.NewImageId is not null ? "update" : p.Pinned ? "pinned" : "keep")}\t{p.Reason}");
                }
                continue;
            }
            var outcomes = new List<UpdateOutcome>(await updater.RecoverPendingAsync(ct));
            foreach (var name in updater.Unpin(unpin)) options.Progress.Warn($"{engine.Host}: --unpin {name}: not pinned by 'host rollback' on this engine");
            var planned = await updater.PlanAsync(selector, updater.RegistryResolver(checker, updater.PullResolver()), ct);
            foreach (var p in planned.Where(p => p.NewImageId is null))
            {
                // Asking by name for a container that is pinned is an error, not a quiet "nothing to do".
                failed |= p.Pinned && selector.Named(p.Container);
                await output.WriteLineAsync($"{engine.Host}\t{p.Container.Name}\t{(p.Pinned ? "pinned" : "kept")}\t{p.Reason}");
            }
            outcomes.AddRange(await updater.ApplyAsync(planned, ct));
            foreach (var o in outcomes)
            {
                failed |= o.Kind is UpdateResultKind.RolledBack or UpdateResultKind.Failed;
                await Print(output, engine.Host, o);
                await onOutcome(engine.Host, o);
            }
        }
        return failed;
    }

    private static Command Rollback()
    {
        var name = new Argument<string>("NAME") { Description = "The container to return to its previous image." };
        var to = new Option<string?>("--to") { Description = "Return to the image (id or digest) this container ran before a specific recorded update; default: before the last one." };
        var hosts = HostOption();
        var stateDir = StateDirOption();
        var healthTimeout = HealthTimeoutOption();
        var stableFor = StableForOption();
        var exitCode = ExitCodeOption();
        var command = new Command("rollback", "Recreate a container from the image and configuration recorded before its last update (the backout plan), health-gated. " +
            "The container is then pinned to that image: 'host update' leaves it alone until 'host update --unpin NAME'.\n" + DrydockCli.ExitCodeHelp)
        {
            name, to, hosts, stateDir, healthTimeout, stableFor, exitCode,
        };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(hosts) ?? [];
            if (given.Length > 1) throw new UsageException("host rollback works on one engine: give --host once");
            var host = given.FirstOrDefault();
            using var engine = await DockerEngineClient.ConnectAsync(EngineEndpoint.FromEnvironment(host), TimeSpan.FromMinutes(10), null, ct);
            var options = Options(parse, healthTimeout, stableFor);
            var store = await UpdateStateStore.OpenAsync(engine, parse.GetValue(stateDir)!, options.Progress, adoptLegacy: true, ct);
            var outcome = await new HostRollback(engine, store, options)
                .RollbackAsync(parse.GetValue(name)!, parse.GetValue(to), ct);
            await Print(parse.InvocationConfiguration.Output, engine.Host, outcome);
            return outcome.Kind is UpdateResultKind.RolledBack or UpdateResultKind.Failed ? parse.GetValue(exitCode) : 0;
        });
        return command;
    }

    private static Command Watch()
    {
        var interval = new Option<string>("--interval") { Description = "Time between runs: 30s, 15m, 6h, 1d.", DefaultValueFactory = _ => "6h" };
        var update = new Option<bool>("--update") { Description = "Also update the selected stale containers each run (health-gated, with automatic rollback)." };
        var webhook = new Option<string?>("--webhook") { Description = "POST a JSON event {event, host, container, from, to, outcome, message, time} here when a stale container is found, updated or rolled back." };
        var listen = new Option<string?>("--listen") { Description = "Serve Prometheus metrics at http://ADDR/metrics: 127.0.0.1:PORT or localhost:PORT (another address only when typed explicitly)." };
        var hosts = HostOption();
        var hostsFile = HostsFileOption();
        var insecure = InsecureRegistryOption();
        var policy = CommonOptions.Policy();
        var maxAge = new Option<int?>("--max-age") { Description = "Report containers whose image is older than DAYS days (DRYDOCK-MAX-AGE)." };
        var concurrency = new Option<int>("--concurrency") { Description = "How many hosts are audited at the same time.", DefaultValueFactory = _ => 4 };
        var db = DatabaseOption();
        var names = new Option<string[]>("--container", "-c") { Description = "With --update: update this container (name or id; repeatable)." };
        var labels = new Option<string[]>("--label", "-l") { Description = "With --update: update containers with this label KEY or KEY=VALUE (repeatable)." };
        var all = new Option<bool>("--all", "-a") { Description = "With --update: update every container (except those labelled drydock.update=false)." };
        var stateDir = StateDirOption();
        var healthTimeout = HealthTimeoutOption();
        var stableFor = StableForOption();
        var command = new Command("watch",
            "Run the host audit (and with --update the update) now and then every --interval, as a long-running service, until SIGINT/SIGTERM. " +
            "Events go to --webhook; metrics (drydock_images_stale, drydock_containers_updated_total, drydock_rollbacks_total, drydock_audit_runs_total, " +
            "drydock_last_audit_timestamp_seconds) are served on --listen.\n" + DrydockCli.ExitCodeHelp)
        {
            interval, update, webhook, listen, hosts, hostsFile, insecure, policy, maxAge, concurrency, db, names, labels, all, stateDir, healthTimeout, stableFor,
        };
        command.SetAction(async (parse, ct) =>
        {
            var every = WatchInterval.Parse(parse.GetValue(interval)!);
            var selector = new ContainerSelector(parse.GetValue(names) ?? [], parse.GetValue(labels) ?? [], parse.GetValue(all));
            if (parse.GetValue(update) && !selector.All && selector.Names.Count == 0 && selector.Labels.Count == 0)
                throw new UsageException("with --update, say which containers to update: --container NAME, --label KEY=VAL or --all");
            Uri? hook = null;
            if (parse.GetValue(webhook) is { } w && (!Uri.TryCreate(w, UriKind.Absolute, out hook) || hook.Scheme is not ("http" or "https")))
                throw new UsageException($"invalid --webhook '{w}': expected an http(s) URL");
            var options = Options(parse, healthTimeout, stableFor);
            var metrics = new WatchMetrics();
            await using var server = parse.GetValue(listen) is { } l ? new MetricsServer(MetricsServer.ParseListen(l), metrics.Render) : null;
            server?.Start();
            if (server is not null) await parse.InvocationConfiguration.Error.WriteLineAsync($"drydock: metrics on http://{server.LocalEndpoint}/metrics");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var notifier = hook is null ? null : new WebhookNotifier(http, hook, options.Progress);
            var seen = new HashSet<(string, string, string?)>();
            var entries = Entries(parse, hosts, hostsFile);
            await new WatchScheduler(every, TimeProvider.System, options.Progress).RunAsync(async token =>
            {
                var report = await RunAuditAsync(parse, hosts, hostsFile, insecure, policy, maxAge, db, parse.GetValue(concurrency), token, parse.GetValue(stateDir));
                metrics.AuditFinished(report.Containers.Where(c => c.Stale == true).Select(c => (c.Host, c.ImageId)).Distinct().Count(), DateTimeOffset.UtcNow);
                foreach (var c in report.Containers.Where(c => c.Stale == true && seen.Add((c.Host, c.Name, c.LatestImageId))))
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"{c.Host}\t{c.Name}\tstale\t{c.Image} now names {c.LatestImageId}");
                    if (notifier is not null)
                        await notifier.NotifyAsync(new WebhookEvent("stale", c.Host, c.Name, c.ImageId, c.LatestImageId, "stale", $"{c.Image} names a newer image", DateTimeOffset.UtcNow), token);
                }
                if (!parse.GetValue(update)) return;
                await UpdateHostsAsync(entries, selector, options, parse.GetValue(stateDir)!, RegistryOptions(parse, insecure, options.Progress), false,
                    parse.InvocationConfiguration.Output, async (host, o) =>
                    {
                        if (o.Kind == UpdateResultKind.Updated) metrics.Updated();
                        if (o.Kind == UpdateResultKind.RolledBack) metrics.RolledBack();
                        if (notifier is not null)
                        {
                            var name = o.Kind switch { UpdateResultKind.Updated => "updated", UpdateResultKind.RolledBack => "rolled-back", UpdateResultKind.Recovered => "recovered", _ => "failed" };
                            await notifier.NotifyAsync(new WebhookEvent(name, host, o.ContainerName, o.FromImageId, o.ToImageId, name, o.Message, DateTimeOffset.UtcNow), token);
                        }
                    }, token);
            }, ct);
            return 0;
        });
        return command;
    }

    private static UpdateOptions Options(ParseResult parse, Option<int> healthTimeout, Option<int> stableFor) => new()
    {
        HealthTimeout = TimeSpan.FromSeconds(Positive(parse.GetValue(healthTimeout), "--health-timeout")),
        StableFor = TimeSpan.FromSeconds(Positive(parse.GetValue(stableFor), "--stable-for")),
        Progress = new StderrProgress(parse.InvocationConfiguration.Error),
        PauseAfterPhase = TestPausePhase(),
    };

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

    private static Task Print(TextWriter output, string host, UpdateOutcome o) =>
        output.WriteLineAsync($"{host}\t{o.ContainerName}\t{o.Kind.ToString().ToLowerInvariant()}\t{o.Message}");
}
