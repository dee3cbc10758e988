using System.CommandLine;
using Drydock.Bases;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock base add|list|remove</c>: the local base-image catalogue that CIS 4.2 uses to identify an image's base by
/// its layer chain (the longest catalogued base whose diff ids are a prefix of the image's), without asking a registry.
/// </summary>
internal static class BaseCommand
{
    public static Command Create()
    {
        var catalog = new Option<string?>("--catalog")
        {
            Description = "The catalogue file. Default: bases.json in the cache root ($DRYDOCK_CACHE_DIR, else $XDG_CACHE_HOME/drydock, else ~/.cache/drydock).",
            Recursive = true,
        };
        var command = new Command("base", "Manage the local catalogue of base images used to identify an image's base (CIS 4.2).\n" + DrydockCli.ExitCodeHelp)
        {
            catalog, BaseAddCommand.Create(catalog, TimeProvider.System), BaseListCommand.Create(catalog), BaseRemoveCommand.Create(catalog),
        };
        return command;
    }

    /// <summary>The catalogue <c>--catalog</c> names, else the default one.</summary>
    internal static BaseCatalog Open(ParseResult parse, Option<string?> catalog) => new(parse.GetValue(catalog) ?? BaseCatalog.DefaultPath);
}
