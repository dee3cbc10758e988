using System.CommandLine;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock db import PATH</c>: installs an offline bundle (a database or feed folders) atomically.</summary>
internal static class DbImportCommand
{
    public static Command Create(TimeProvider clock)
    {
        var db = DbCommand.DbOption();
        var source = new Argument<string>("path") { Description = "A bundle: a directory or .tar/.tar.gz/.zip holding vuln.db (from 'db export') or feed folders osv/, alpine-secdb/, debian-tracker/, ubuntu-tracker/, redhat-csaf/, nvd/, wolfi-secdb/, chainguard-secdb/ (layouts in docs/database.md)." };
        var command = new Command("import", "Load an offline bundle (air-gapped use) and install the database atomically.") { db, source };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = DatabaseLocation.Resolve(parse.GetValue(db));
            using var progress = StderrProgress.For(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
            await BundleArchive.ImportAsync(parse.GetValue(source)!, path, FeedRegistry.All(clock), clock, progress, cancellationToken);
            progress.Finish();
            await parse.InvocationConfiguration.Error.WriteLineAsync($"drydock: database written to {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
