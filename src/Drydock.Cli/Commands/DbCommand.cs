using System.CommandLine;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock db update|import|export|status|push|pull</c>: the local vulnerability database (docs/database.md).</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Manage the local vulnerability database (SQLite). Default location: vuln.db in $DRYDOCK_CACHE_DIR, else "
            + "$XDG_CACHE_HOME/drydock, else ~/.cache/drydock; --db PATH or DRYDOCK_DB moves it.\n" + DrydockCli.ExitCodeHelp);
        var clock = TimeProvider.System;
        command.Subcommands.Add(DbUpdateCommand.Create(clock));
        command.Subcommands.Add(DbImportCommand.Create(clock));
        command.Subcommands.Add(DbExportCommand.Create());
        command.Subcommands.Add(DbStatusCommand.Create(clock));
        command.Subcommands.Add(DbDistributionCommands.Push());
        command.Subcommands.Add(DbDistributionCommands.Pull());
        return command;
    }

    /// <summary>The <c>--db</c> option every database verb takes.</summary>
    internal static Option<string?> DbOption() => new("--db")
    {
        Description = "Path of the database file (default: $DRYDOCK_DB, else vuln.db in $DRYDOCK_CACHE_DIR, $XDG_CACHE_HOME/drydock or ~/.cache/drydock).",
    };
}
