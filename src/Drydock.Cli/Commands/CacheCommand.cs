using System.CommandLine;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock cache status|clean</c>: the layer analysis cache (a re-scan of known layers reads no layer).</summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "The layer analysis cache under $DRYDOCK_CACHE_DIR (or $XDG_CACHE_HOME/drydock): layers.db.");
        command.Subcommands.Add(CacheStatusCommand.Create());
        command.Subcommands.Add(CacheCleanCommand.Create());
        return command;
    }
}
