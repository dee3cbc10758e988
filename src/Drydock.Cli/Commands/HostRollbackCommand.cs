using System.CommandLine;
using Drydock.Hosts.Engine;
using Drydock.Hosts.Rollout;
using Drydock.Hosts.Update;
using Drydock.Images.Sources.Engine;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock host rollback NAME</c>: parse, roll back on one engine (<see cref="HostRollback"/>), print the outcome.</summary>
internal static class HostRollbackCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The container to return to its previous image." };
        var to = new Option<string?>("--to") { Description = "Return to the image (id or digest) this container ran before a specific recorded update; default: before the last one." };
        var hosts = HostOptions.Host();
        var stateDir = HostOptions.StateDir();
        var healthTimeout = HostOptions.HealthTimeout();
        var stableFor = HostOptions.StableFor();
        var exitCode = HostOptions.ExitCode();
        var command = new Command("rollback", "Recreate a container from the image and configuration recorded before its last update (the backout plan), health-gated. " +
            "The container is then pinned to that image: 'host update' leaves it alone until 'host update --unpin NAME' or 'host update --container NAME --to REF'.\n" + DrydockCli.ExitCodeHelp)
        {
            name, to, hosts, stateDir, healthTimeout, stableFor, exitCode,
        };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(hosts) ?? [];
            if (given.Length > 1) throw new UsageException("host rollback works on one engine: give --host once");
            using var engine = await DockerEngineClient.ConnectAsync(EngineEndpoint.FromEnvironment(given.FirstOrDefault()), TimeSpan.FromMinutes(10), null, ct);
            var options = HostOptions.Update(parse, healthTimeout, stableFor);
            var store = await UpdateStateStore.OpenAsync(engine, parse.GetValue(stateDir)!, options.Progress, adoptLegacy: true, ct);
            var startedAt = options.Clock.GetUtcNow();
            var outcome = await new HostRollback(engine, store, options).RollbackAsync(parse.GetValue(name)!, parse.GetValue(to), ct);
            var host = HostRunResult.Finished(engine.Host, [ContainerRunResult.From(outcome)], outcome.Duration);
            await HostUpdateCommand.WriteAsync(new RolloutReport([host], new RolloutOptions(), null, startedAt, options.Clock.GetUtcNow() - startedAt), "table", null,
                parse.InvocationConfiguration.Output, ct);
            return outcome.Kind is UpdateResultKind.RolledBack or UpdateResultKind.Failed ? parse.GetValue(exitCode) : 0;
        });
        return command;
    }
}
