using System.CommandLine;
using System.Globalization;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock db update|import|export|status</c>: the local vulnerability database (docs/database.md).</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Manage the local vulnerability database (SQLite). Default location: vuln.db in $DRYDOCK_CACHE_DIR, else "
            + "$XDG_CACHE_HOME/drydock, else ~/.cache/drydock; --db PATH or DRYDOCK_DB moves it.\n" + DrydockCli.ExitCodeHelp);
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Status());
        return command;
    }

    private static Option<string?> DbOption() => new("--db")
    {
        Description = "Path of the database file (default: $DRYDOCK_DB, else vuln.db in $DRYDOCK_CACHE_DIR, $XDG_CACHE_HOME/drydock or ~/.cache/drydock).",
    };

    private static Command Update()
    {
        var db = DbOption();
        var feed = new Option<string[]>("--feed")
        {
            Description = "Override a feed's location, NAME=URL (repeatable). For a one-file feed the URL is the file; for others "
                + "(or a URL ending in '/') it is a mirror base holding the public layout. Feeds: "
                + string.Join(", ", FeedRegistry.All(TimeProvider.System).Select(f => f.Name)) + ".",
            AllowMultipleArgumentsPerToken = false,
        };
        var config = new Option<string?>("--feeds-config")
        {
            Description = "YAML or JSON file mapping feed names to URLs ({\"feeds\": {\"osv\": \"https://mirror/osv/\"}} or a flat map); --feed wins over it.",
        };
        var only = new Option<string[]>("--only")
        {
            Description = "Update only these feeds (repeatable; default: all). Every other feed the database holds is kept as it is.",
        };
        var retries = new Option<int>("--retries")
        {
            Description = "Attempts per file on HTTP 5xx/429 or a broken transfer, with exponential backoff from 1 s (default 4).",
            DefaultValueFactory = _ => 4,
        };
        var command = new Command("update", "Download the advisory feeds and end-of-life dates (conditional requests, retries, sha256 where published) and "
            + "rebuild the database atomically: the old database stays in place until the new one is complete. A feed that fails keeps its "
            + "previous data and is marked stale ('db status' says why); the other feeds are updated. Exit 4 when the database was written "
            + "but some feeds are stale, 3 when nothing could be written. Progress goes to stderr.")
        {
            db, feed, config, only, retries,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = DatabaseLocation.Resolve(parse.GetValue(db));
            var overrides = FeedOverrides.Load(parse.GetValue(config));
            foreach (var (name, url) in FeedOverrides.Parse(parse.GetValue(feed) ?? [])) overrides[name] = url;
            var feeds = Select(parse.GetValue(only) ?? []);
            foreach (var name in overrides.Keys)
                if (!FeedRegistry.All(TimeProvider.System).Any(f => f.Name == name)) throw new UsageException($"unknown feed '{name}' in --feed/--feeds-config");
            using var progress = StderrProgress.For(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("drydock/" + ToolInfo.Version);
            var updater = new DatabaseUpdater(new FeedDownloader(http, progress, Math.Max(1, parse.GetValue(retries))), TimeProvider.System, progress);
            var outcome = await updater.UpdateAsync(path, feeds, overrides, cancellationToken);
            progress.Finish();
            var error = parse.InvocationConfiguration.Error;
            if (!outcome.Written)
            {
                await error.WriteLineAsync($"drydock: {path} is up to date");
                return ExitCodes.Success;
            }
            if (outcome.Stale.Count == 0)
            {
                await error.WriteLineAsync($"drydock: database written to {path}");
                return ExitCodes.Success;
            }
            await error.WriteLineAsync($"drydock: database written to {path}, but {outcome.Stale.Count} feed(s) kept their previous data (stale): "
                + string.Join("; ", outcome.Stale.Select(s => $"{s.Name}: {s.Error}")));
            return ExitCodes.PartialUpdate;
        });
        return command;
    }

    private static Command Import()
    {
        var db = DbOption();
        var source = new Argument<string>("path") { Description = "A bundle: a directory or .tar/.tar.gz/.zip holding vuln.db (from 'db export') or feed folders osv/, alpine-secdb/, debian-tracker/, ubuntu-tracker/, redhat-csaf/, nvd/, wolfi-secdb/, chainguard-secdb/ (layouts in docs/database.md)." };
        var command = new Command("import", "Load an offline bundle (air-gapped use) and install the database atomically.") { db, source };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = DatabaseLocation.Resolve(parse.GetValue(db));
            using var progress = StderrProgress.For(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
            await BundleArchive.ImportAsync(parse.GetValue(source)!, path, FeedRegistry.All(TimeProvider.System), TimeProvider.System, progress, cancellationToken);
            progress.Finish();
            await parse.InvocationConfiguration.Error.WriteLineAsync($"drydock: database written to {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Export()
    {
        var db = DbOption();
        var target = new Argument<string>("path") { Description = "The .tar.gz bundle to write (vuln.db + metadata.json), for 'db import' on another machine." };
        var command = new Command("export", "Write the database as an offline bundle.") { db, target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await BundleArchive.ExportAsync(DatabaseLocation.Resolve(parse.GetValue(db)), parse.GetValue(target)!, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status()
    {
        var db = DbOption();
        var command = new Command("status", "Print the database's location, schema, build time and age; each feed with its records, last success and "
            + "state (ok, or stale with the failed attempt's time and reason); the OS releases and ecosystems it holds advisories for, "
            + "with row counts; and the releases with end-of-life dates. Exit 3 when it is missing.") { db };
        command.SetAction(parse =>
        {
            var path = DatabaseLocation.Resolve(parse.GetValue(db));
            using var store = SqliteAdvisoryStore.Open(path);
            var output = parse.InvocationConfiguration.Output;
            var meta = store.Meta();
            output.WriteLine($"database:  {path}");
            output.WriteLine($"schema:    {meta.GetValueOrDefault("schema_version")}");
            if (store.BuiltAt is { } built)
                output.WriteLine($"built at:  {built.ToString("u", CultureInfo.InvariantCulture)} ({Age(TimeProvider.System.GetUtcNow() - built)} old)");
            foreach (var f in store.Feeds())
                output.WriteLine($"feed:      {f.Name,-18} {f.Records,9} records  {Time(f.FetchedAt)}  {State(FeedHealth.From(meta, f.Name))}  {f.Url ?? "(imported)"}");
            var (namespaces, lifecycles) = store.Contents();
            foreach (var (ns, rows) in namespaces)
                output.WriteLine($"data:      {ns,-40} {rows,9} rows");
            output.WriteLine($"eol:       {lifecycles} releases with end-of-life dates from the endoflife feed (built-in table otherwise)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";

    private static string State(FeedHealth health) =>
        health.Stale ? $"STALE (update at {Time(health.AttemptedAt)} failed: {health.Error})" : "ok";

    private static List<IFeed> Select(string[] only)
    {
        var all = FeedRegistry.All(TimeProvider.System);
        if (only.Length == 0) return [.. all];
        var unknown = only.Where(o => all.All(f => f.Name != o)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown feed(s): {string.Join(", ", unknown)} (known: {string.Join(", ", all.Select(f => f.Name))})");
        return [.. all.Where(f => only.Contains(f.Name))];
    }

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m" : $"{Math.Max(0, (int)age.TotalMinutes)}m";
}
