using System.CommandLine;
using Drydock.Hosts.Engine;
using Drydock.Hosts.Update;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock host update|rollback</c>: keep the containers of Docker hosts on their latest images, with a backout.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var command = new Command("host", "Containers on Docker hosts: update stale ones to their latest image (health-gated, with automatic backout) and roll back.");
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Rollback());
        return command;
    }

    private static Option<string[]> HostOption() => new("--host", "-H")
    {
        Description = "Docker engine to use: unix:///path or tcp://host:port (repeatable; default $DOCKER_HOST or unix:///var/run/docker.sock). TLS from $DOCKER_CERT_PATH when $DOCKER_TLS_VERIFY is set.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<string> StateDirOption() => new("--state-dir")
    {
        Description = "Where backout points and update history are kept.",
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

    private static Option<int> ExitCodeOption() => new("--exit-code")
    {
        Description = "Exit code when an update was rolled back or failed.",
        DefaultValueFactory = _ => 1,
    };

    private static Command Update()
    {
        var hosts = HostOption();
        var names = new Option<string[]>("--container", "-c") { Description = "Update this container (name or id; repeatable)." };
        var labels = new Option<string[]>("--label", "-l") { Description = "Update containers with this label KEY or KEY=VALUE (repeatable)." };
        var all = new Option<bool>("--all", "-a") { Description = "Update every container (except those labelled drydock.update=false)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing (no pull, no restart)." };
        var stateDir = StateDirOption();
        var healthTimeout = HealthTimeoutOption();
        var stableFor = StableForOption();
        var exitCode = ExitCodeOption();
        var command = new Command("update",
            "Update stale containers one at a time, in dependency order: pull the new image (the old one is kept), record the backout point, " +
            "stop the old container with its own signal and timeout, recreate it with the same configuration on the new image, start it and wait " +
            "until it is healthy; otherwise roll back automatically. An update interrupted by a crash is completed or backed out first.\n" + DrydockCli.ExitCodeHelp)
        {
            hosts, names, labels, all, dryRun, stateDir, healthTimeout, stableFor, exitCode,
        };
        command.SetAction(async (parse, ct) =>
        {
            var selector = new ContainerSelector(parse.GetValue(names) ?? [], parse.GetValue(labels) ?? [], parse.GetValue(all));
            if (!selector.All && selector.Names.Count == 0 && selector.Labels.Count == 0)
                throw new UsageException("say which containers to update: --container NAME, --label KEY=VAL or --all");
            var output = parse.InvocationConfiguration.Output;
            var options = Options(parse, healthTimeout, stableFor);
            var failed = false;
            foreach (var host in Hosts(parse.GetValue(hosts)))
            {
                var engine = await EngineConnector.ConnectAsync(EngineEndpoint.FromEnvironment(host), TimeSpan.FromMinutes(10), null, ct);
                var updater = new HostUpdater(engine, new UpdateStateStore(parse.GetValue(stateDir)!), options);
                if (parse.GetValue(dryRun))
                {
                    foreach (var pending in new UpdateStateStore(parse.GetValue(stateDir)!).Pending())
                        await output.WriteLineAsync($"{engine.Host}\t{pending.ContainerName}\tinterrupted update (phase {pending.Phase}) would be completed first");
                    // A dry run must not pull: it compares with what the engine already has under the tag.
                    var plan = await updater.PlanAsync(selector, async (c, token) => (await engine.InspectImageAsync(c.ImageReference, token))?["Id"]?.GetValue<string>(), ct);
                    foreach (var p in plan) await output.WriteLineAsync($"{engine.Host}\t{p.Container.Name}\t{(p.NewImageId is null ? "keep" : "update")}\t{p.Reason}");
                    continue;
                }
                foreach (var o in await updater.RecoverPendingAsync(ct)) await Print(output, engine.Host, o);
                var planned = await updater.PlanAsync(selector, updater.PullResolver(), ct);
                foreach (var p in planned.Where(p => p.NewImageId is null)) await output.WriteLineAsync($"{engine.Host}\t{p.Container.Name}\tkept\t{p.Reason}");
                foreach (var o in await updater.ApplyAsync(planned, ct))
                {
                    failed |= o.Kind is UpdateResultKind.RolledBack or UpdateResultKind.Failed;
                    await Print(output, engine.Host, o);
                }
            }
            return failed ? parse.GetValue(exitCode) : 0;
        });
        return command;
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
        var command = new Command("rollback", "Recreate a container from the image and configuration recorded before its last update (the backout plan), health-gated.\n" + DrydockCli.ExitCodeHelp)
        {
            name, to, hosts, stateDir, healthTimeout, stableFor, exitCode,
        };
        command.SetAction(async (parse, ct) =>
        {
            var host = Hosts(parse.GetValue(hosts)).Single();
            var engine = await EngineConnector.ConnectAsync(EngineEndpoint.FromEnvironment(host), TimeSpan.FromMinutes(10), null, ct);
            var outcome = await new HostRollback(engine, new UpdateStateStore(parse.GetValue(stateDir)!), Options(parse, healthTimeout, stableFor))
                .RollbackAsync(parse.GetValue(name)!, parse.GetValue(to), ct);
            await Print(parse.InvocationConfiguration.Output, engine.Host, outcome);
            return outcome.Kind is UpdateResultKind.RolledBack or UpdateResultKind.Failed ? parse.GetValue(exitCode) : 0;
        });
        return command;
    }

    private static UpdateOptions Options(ParseResult parse, Option<int> healthTimeout, Option<int> stableFor) => new()
    {
        HealthTimeout = TimeSpan.FromSeconds(Positive(parse.GetValue(healthTimeout), "--health-timeout")),
        StableFor = TimeSpan.FromSeconds(Positive(parse.GetValue(stableFor), "--stable-for")),
        Progress = new StderrProgress(parse.InvocationConfiguration.Error),
    };

    private static int Positive(int value, string name) => value > 0 ? value : throw new UsageException($"{name} must be a positive number of seconds");

    /// <summary>The engines to work on; one null entry means "from the environment" ($DOCKER_HOST or the default socket).</summary>
    private static IReadOnlyList<string?> Hosts(string[]? hosts)
    {
        if (hosts is { Length: > 0 }) return hosts;
        return [null];
    }

    private static Task Print(TextWriter output, string host, UpdateOutcome o) =>
        output.WriteLineAsync($"{host}\t{o.ContainerName}\t{o.Kind.ToString().ToLowerInvariant()}\t{o.Message}");
}
