using System.CommandLine;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock db update</c>: downloads the feeds and rebuilds the database atomically; stale feeds keep their data (exit 4).</summary>
internal static class DbUpdateCommand
{
    public static Command Create(TimeProvider clock)
    {
        var db = DbCommand.DbOption();
        var feed = new Option<string[]>("--feed")
        {
            Description = "Override a feed's location, NAME=URL (repeatable). For a one-file feed the URL is the file; for others "
                + "(or a URL ending in '/') it is a mirror base holding the public layout. Feeds: "
                + string.Join(", ", FeedRegistry.Names) + ".",
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
            var feeds = Select(parse.GetValue(only) ?? [], clock);
            foreach (var name in overrides.Keys)
                if (!FeedRegistry.Names.Contains(name)) throw new UsageException($"unknown feed '{name}' in --feed/--feeds-config");
            using var progress = StderrProgress.For(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("drydock/" + ToolInfo.Version);
            var updater = new DatabaseUpdater(new FeedDownloader(http, progress, Math.Max(1, parse.GetValue(retries))), clock, progress);
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

    private static List<IFeed> Select(string[] only, TimeProvider clock)
    {
        var all = FeedRegistry.All(clock);
        if (only.Length == 0) return [.. all];
        var unknown = only.Where(o => all.All(f => f.Name != o)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown feed(s): {string.Join(", ", unknown)} (known: {string.Join(", ", all.Select(f => f.Name))})");
        return [.. all.Where(f => only.Contains(f.Name))];
    }
}
