using System.CommandLine;
using Drydock.Images;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock base remove REF</c>: drops a base from the catalogue (the short form typed at add time is accepted).</summary>
internal static class BaseRemoveCommand
{
    public static Command Create(Option<string?> catalog)
    {
        var reference = new Argument<string>("reference") { Description = "The reference of the base to remove, as `drydock base list` shows it." };
        var command = new Command("remove", "Remove a base from the catalogue.") { reference };
        command.SetAction(parse =>
        {
            var store = BaseCommand.Open(parse, catalog);
            var name = parse.GetValue(reference)!;
            // Accept the short form people typed at add time (debian:12 for docker.io/library/debian:12).
            var normalised = ImageReference.TryParse(name, out var parsed, out _) ? parsed.ToString() : name;
            if (!store.Remove(name) && !store.Remove(normalised))
                throw new UsageException($"'{name}' is not in the base catalogue {store.Path}");
            parse.InvocationConfiguration.Output.WriteLine($"removed {normalised} from {store.Path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
