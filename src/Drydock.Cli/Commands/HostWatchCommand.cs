using System.CommandLine;
using Drydock.Controls;
using Drydock.Hosts.Rollout;
using Drydock.Hosts.Watch;
using Drydock.Policy;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock host watch</c>: parse, assemble the <see cref="WatchService"/> (audit, optional fleet update, metrics,
/// webhook), and write what each cycle found until SIGINT/SIGTERM.
/// </summary>
internal static class HostWatchCommand
{
    public static Command Create()
    {
        var interval = new Option<string>("--interval") { Description = "Time between runs: 30s, 15m, 6h, 1d.", DefaultValueFactory = _ => "6h" };
        var update = new Option<bool>("--update") { Description = "Also update the selected stale containers each run (health-gated, with automatic rollback; --canary, --max-errors… as for 'host update')." };
        var webhook = new Option<string?>("--webhook") { Description = "POST a JSON event {event, host, container, from, to, outcome, message, time} here when a stale container is found, updated or rolled back." };
        var listen = new Option<string?>("--listen") { Description = "Serve Prometheus metrics at http://ADDR/metrics: 127.0.0.1:PORT or localhost:PORT (another address only when typed explicitly)." };
        var audit = new HostAuditArguments("Report containers whose image is older than DAYS days (DRYDOCK-MAX-AGE).");
        var args = new HostUpdateArguments("With --update: ");
        var command = new Command("watch",
            "Run the host audit (and with --update the update) now and then every --interval, as a long-running service, until SIGINT/SIGTERM. " +
            "The policy file is read again only when it changed. Events go to --webhook; metrics (drydock_images_stale, drydock_containers_updated_total, " +
            "drydock_rollbacks_total, drydock_audit_runs_total, drydock_last_audit_timestamp_seconds) are served on --listen.\n" + DrydockCli.ExitCodeHelp)
        {
            interval, update, webhook, listen,
        };
        foreach (var o in audit.All.Concat(args.Selection).Concat(args.Update.Where(o => o != args.StateDir))) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var every = WatchInterval.Parse(parse.GetValue(interval)!);
            var selector = args.Selector(parse);
            if (parse.GetValue(update) && !selector.All && selector.Names.Count == 0 && selector.Labels.Count == 0)
                throw new UsageException("with --update, say which containers to update: --container NAME, --label KEY=VAL, --project NAME or --all");
            Uri? hook = null;
            if (parse.GetValue(webhook) is { } w && (!Uri.TryCreate(w, UriKind.Absolute, out hook) || hook.Scheme is not ("http" or "https")))
                throw new UsageException($"invalid --webhook '{w}': expected an http(s) URL");
            var options = HostOptions.Update(parse, args.HealthTimeout, args.StableFor);
            var rollout = args.Rollout(parse);
            var clock = TimeProvider.System;
            var policy = new ChangedFile<DrydockPolicy>(audit.PolicyPath(parse), path => PolicyLoader.Load(path, ControlCatalog.Ids), DrydockPolicy.Default);
            var metrics = new WatchMetrics();
            await using var server = parse.GetValue(listen) is { } l ? new MetricsServer(MetricsServer.ParseListen(l), metrics.Render) : null;
            server?.Start();
            if (server is not null) await parse.InvocationConfiguration.Error.WriteLineAsync($"drydock: metrics on http://{server.LocalEndpoint}/metrics");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var notifier = hook is null ? null : new WebhookNotifier(http, hook, options.Progress);
            var entries = HostOptions.Entries(parse, audit.Hosts, audit.HostsFile, audit.Contexts);
            Func<CancellationToken, Task<RolloutReport>>? updateRun = !parse.GetValue(update) ? null : token => new FleetUpdate(new FleetUpdateRequest
            {
                Selector = selector,
                StateDirectory = parse.GetValue(audit.StateDir)!,
                Update = options,
                Registry = HostOptions.Registry(parse, audit.Insecure, options.Progress),
            }, rollout).RunAsync(entries, token);
            var service = new WatchService(token => audit.RunAsync(parse, policy.Get(), clock, token), updateRun, metrics, notifier, clock);
            var stdout = parse.InvocationConfiguration.Output;
            await service.RunAsync(every, options.Progress, async (cycle, token) =>
            {
                foreach (var c in cycle.NewlyStale) await stdout.WriteLineAsync($"{c.Host}\t{c.Name}\tstale\t{c.Image} now names {c.LatestImageId}");
                if (cycle.Update is { } run) await HostUpdateCommand.WriteAsync(run, "table", null, stdout, token);
            }, ct);
            return 0;
        });
        return command;
    }
}
