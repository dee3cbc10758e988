using System.CommandLine;
using System.Reflection;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock version</c>: the tool version (<c>version compare</c> is added by the versions work).</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the Drydock version.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine("drydock " + ToolInfo.Version);
            return 0;
        });
        return command;
    }
}
