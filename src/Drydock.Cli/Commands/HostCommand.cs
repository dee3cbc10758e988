using System.CommandLine;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock host audit|update|rollback|watch</c>: containers on Docker hosts. One file per verb; the work is in Hosts/.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var command = new Command("host", "Containers on Docker hosts: update stale ones to their latest image (health-gated, with automatic backout) and roll back.");
        command.Subcommands.Add(HostAuditCommand.Create());
        command.Subcommands.Add(HostUpdateCommand.Create());
        command.Subcommands.Add(HostRollbackCommand.Create());
        command.Subcommands.Add(HostWatchCommand.Create());
        command.Subcommands.Add(HostInventoriesCommand.Create());
        return command;
    }
}
