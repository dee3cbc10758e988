using System.CommandLine;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock db export PATH</c>: the database as an offline bundle for <c>db import</c> elsewhere.</summary>
internal static class DbExportCommand
{
    public static Command Create()
    {
        var db = DbCommand.DbOption();
        var target = new Argument<string>("path") { Description = "The .tar.gz bundle to write (vuln.db + metadata.json), for 'db import' on another machine." };
        var command = new Command("export", "Write the database as an offline bundle.") { db, target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await BundleArchive.ExportAsync(DatabaseLocation.Resolve(parse.GetValue(db)), parse.GetValue(target)!, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
