using System.CommandLine;
using Drydock.Hosts.Rollout;
using Drydock.Reports.Hosts;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock host update</c>: parse, run the fleet update (<see cref="FleetUpdate"/>), write the run report, decide the exit code.</summary>
internal static class HostUpdateCommand
{
    public static Command Create()
    {
        var args = new HostUpdateArguments("");
        var hosts = HostOptions.Host();
        var hostsFile = HostOptions.HostsFile();
        var contexts = HostOptions.Context();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing (no pull, no restart)." };
        var unpinOption = new Option<string[]>("--unpin")
        {
            Description = "Lift the pin a 'host rollback' put on this container: it follows its tag again and is updated in this run when stale (repeatable; selects the container).",
        };
        var to = new Option<string?>("--to")
        {
            Description = "With --container: move the named containers to this image reference (repo:tag or repo@sha256:…) now, health-gated; lifts a rollback's pin, and the container follows REF afterwards.",
        };
        var exitCode = HostOptions.ExitCode();
        var insecure = HostOptions.InsecureRegistry();
        var format = HostOptions.Format();
        var output = CommonOptions.Output();
        var reportTo = HostOptions.ReportTo("the run report");
        var token = HostOptions.Token();
        var command = new Command("update",
            "Update stale containers one at a time per host, in dependency order: pull the new image (the old one is kept), record the backout point, " +
            "stop the old container with its own signal and timeout, recreate it with the same configuration on the new image, start it and wait " +
            "until it is healthy; otherwise roll back automatically. An update interrupted by a crash is completed or backed out first. Across hosts: " +
            "--canary, --max-concurrency, --max-errors and --host-timeout (SSM's semantics); the run report lists every host and container. Exit codes: " +
            "0 every host succeeded; --exit-code (1) a container was rolled back or failed, a pinned container was asked for by name, or a host failed, " +
            "was unreachable, timed out or was not started; 2 usage; 3 no host could be reached, or --report-to could not post a run that otherwise succeeded " +
            "(the report is written first).")
        {
            hosts, hostsFile, contexts, dryRun, unpinOption, to, exitCode, insecure, format, output, reportTo, token,
        };
        foreach (var o in args.Selection.Concat(args.Update)) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var fmt = HostOptions.CheckFormat(parse.GetValue(format)!);
            var unpin = parse.GetValue(unpinOption) ?? [];
            var selector = args.Selector(parse, unpin);
            if (!selector.All && selector.Names.Count == 0 && selector.Labels.Count == 0)
                throw new UsageException("say which containers to update: --container NAME, --label KEY=VAL, --project NAME or --all");
            var target = parse.GetValue(to);
            if (target is not null && (selector.All || selector.Labels.Count > 0 || unpin.Length > 0 || (parse.GetValue(args.Names) ?? []).Length == 0))
                throw new UsageException("--to REF moves containers named with --container (not with --all, --label, --project or --unpin)");
            var options = HostOptions.Update(parse, args.HealthTimeout, args.StableFor);
            var server = HostOptions.ReportTarget(parse, reportTo, token, Server.Dashboard.DashboardApi.RunsPath);
            var request = new FleetUpdateRequest
            {
                Selector = selector,
                Unpin = unpin,
                To = target,
                DryRun = parse.GetValue(dryRun),
                StateDirectory = parse.GetValue(args.StateDir)!,
                Update = options,
                Registry = HostOptions.Registry(parse, insecure, options.Progress),
            };
            var report = await new FleetUpdate(request, args.Rollout(parse)).RunAsync(HostOptions.Entries(parse, hosts, hostsFile, contexts), ct);
            await WriteAsync(report, fmt, parse.GetValue(output), parse.InvocationConfiguration.Output, ct);
            var posted = await HostOptions.PostRunAsync(server, s => RolloutJsonWriter.Write(report, s), parse.InvocationConfiguration.Error, report.AnyFailed ? parse.GetValue(exitCode) : 0, ct);
            if (report.NoneReached)
                throw new DrydockException($"no host could be updated: {string.Join("; ", report.Hosts.Select(h => $"{h.Host}: {h.Error}"))}");
            return posted;
        });
        return command;
    }

    public static Task WriteAsync(RolloutReport report, string format, string? path, TextWriter stdout, CancellationToken ct) =>
        HostOptions.WriteAsync(format, s => RolloutJsonWriter.Write(report, s), w => RolloutTableWriter.Write(report, w), path, stdout, ct);
}
