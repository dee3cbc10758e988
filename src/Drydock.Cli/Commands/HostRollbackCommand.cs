using System.CommandLine;
using Drydock.Hosts;
using Drydock.Hosts.Engine;
using Drydock.Hosts.Rollout;
using Drydock.Hosts.Update;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock host rollback NAME</c>: parse, find the one engine the container's records belong to
/// (<see cref="RollbackEngine"/>, when several are configured), roll back there (<see cref="HostRollback"/>), print the outcome.
/// </summary>
internal static class HostRollbackCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The container to return to its previous image." };
        var to = new Option<string?>("--to") { Description = "Return to the image (id or digest) this container ran before a specific recorded update; default: before the last one." };
        var hosts = HostOptions.Host();
        var hostsFile = HostOptions.HostsFile();
        var contexts = HostOptions.Context();
        var stateDir = HostOptions.StateDir();
        var healthTimeout = HostOptions.HealthTimeout();
        var stableFor = HostOptions.StableFor();
        var exitCode = HostOptions.ExitCode();
        var reportTo = HostOptions.ReportTo("the run report");
        var token = HostOptions.Token();
        var command = new Command("rollback", "Recreate a container from the image and configuration recorded before its last update (the backout plan), health-gated. " +
            "The container is then pinned to that image: 'host update' leaves it alone until 'host update --unpin NAME' or 'host update --container NAME --to REF'. " +
            "With several engines (--host repeated, --hosts-file, --context), the one whose update state holds records of NAME is rolled back; records on " +
            "more than one engine, or an engine that cannot be reached, is refused (give one --host). With --report-to, the run report is posted to a drydock " +
            "server (exit 3 when that fails and the rollback succeeded).\n" + DrydockCli.ExitCodeHelp)
        {
            name, to, hosts, hostsFile, contexts, stateDir, healthTimeout, stableFor, exitCode, reportTo, token,
        };
        command.SetAction(async (parse, ct) =>
        {
            var containerName = parse.GetValue(name)!;
            var options = HostOptions.Update(parse, healthTimeout, stableFor);
            var root = parse.GetValue(stateDir)!;
            var entries = HostOptions.Entries(parse, hosts, hostsFile, contexts);
            var server = HostOptions.ReportTarget(parse, reportTo, token, Server.Dashboard.DashboardApi.RunsPath);
            var engines = new List<DockerEngineClient?>();
            try
            {
                var candidates = new List<RollbackEngine.Candidate>();
                foreach (var entry in entries)
                {
                    var endpoint = HostEntry.Endpoint(entry);
                    try
                    {
                        var engine = await DockerEngineClient.ConnectAsync(endpoint, TimeSpan.FromMinutes(10), null, ct);
                        engines.Add(engine);
                        candidates.Add(new(engine.Host, entries.Count == 1 ? null : new UpdateStateStore(root, await engine.IdentifyAsync(ct)), null));
                    }
                    catch (DrydockException e) when (entries.Count > 1)
                    {
                        engines.Add(null);
                        candidates.Add(new(endpoint.Host, null, e.Message.Split('\n')[0]));
                    }
                }
                var chosen = engines[entries.Count == 1 ? 0 : RollbackEngine.Choose(containerName, candidates)]!;
                var store = await UpdateStateStore.OpenAsync(chosen, root, options.Progress, adoptLegacy: true, ct);
                var startedAt = options.Clock.GetUtcNow();
                var outcome = await new HostRollback(chosen, store, options).RollbackAsync(containerName, parse.GetValue(to), ct);
                var host = HostRunResult.Finished(chosen.Host, [ContainerRunResult.FromRollback(outcome)], outcome.Duration);
                var report = new RolloutReport([host], new RolloutOptions(), null, startedAt, options.Clock.GetUtcNow() - startedAt);
                await HostUpdateCommand.WriteAsync(report, "table", null, parse.InvocationConfiguration.Output, ct);
                return await HostOptions.PostRunAsync(server, s => Drydock.Reports.Hosts.RolloutJsonWriter.Write(report, s), parse.InvocationConfiguration.Error,
                    outcome.Kind is UpdateResultKind.RolledBack or UpdateResultKind.Failed ? parse.GetValue(exitCode) : 0, ct);
            }
            finally
            {
                foreach (var e in engines) e?.Dispose();
            }
        });
        return command;
    }
}
