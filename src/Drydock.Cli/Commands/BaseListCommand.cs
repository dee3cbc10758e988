using System.CommandLine;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock base list</c>: the catalogued bases, one per line.</summary>
internal static class BaseListCommand
{
    public static Command Create(Option<string?> catalog)
    {
        var command = new Command("list", "List the catalogued bases: reference, manifest digest, layer count and when each was added.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var e in BaseCommand.Open(parse, catalog).Load())
                output.WriteLine($"{e.Reference}\t{e.Digest ?? "-"}\t{e.DiffIds.Count} layer(s)\t{e.AddedAt:yyyy-MM-ddTHH:mm:ssZ}");
            return ExitCodes.Success;
        });
        return command;
    }
}
