using System.CommandLine;
using System.Globalization;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Distribution;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock db status</c>: where the database is, how old, where it was pulled from, each feed's state and what it
/// holds. Exit 3 when it is missing, 4 when it is stale (a feed whose last update failed, or older than --db-max-age).
/// </summary>
internal static class DbStatusCommand
{
    public static Command Create(TimeProvider clock)
    {
        var db = DbCommand.DbOption();
        var maxAge = new Option<string?>("--db-max-age")
        {
            Description = "Age (from the build, or from the last pull that found it current) past which the database counts as stale: exit 4 (default 24h; s, m, h, d).",
        };
        var command = new Command("status", "Print the database's location, schema, build time and age; for a pulled database the reference, manifest digest "
            + "and last check; each feed with its records, fetch time, age, state (ok, PARTIAL, or STALE with the failed attempt's time and reason), "
            + "source URL and, when pulled, its layer digest; the OS releases and ecosystems it holds advisories for, with row counts; and the releases "
            + "with end-of-life dates. Exit 3 when it is missing, 4 when it is stale: a feed is STALE, or the database is older than --db-max-age.") { db, maxAge };
        command.SetAction(parse =>
        {
            var path = DatabaseLocation.Resolve(parse.GetValue(db));
            var limit = parse.GetValue(maxAge) is { } text ? Durations.Parse(text, "--db-max-age") : DbRepositoryOptions.DefaultMaxAge;
            using var store = SqliteAdvisoryStore.Open(path);
            var output = parse.InvocationConfiguration.Output;
            var now = clock.GetUtcNow();
            var meta = store.Meta();
            var pulled = DbPullState.Read(path) is { } p && p.BuiltAt == store.BuiltAt ? p : null; // a later local update makes the pull history moot
            output.WriteLine($"database:  {path}");
            output.WriteLine($"schema:    {meta.GetValueOrDefault("schema_version")}");
            if (store.BuiltAt is { } built)
                output.WriteLine($"built at:  {Time(built)} ({Age(now - built)} old)");
            if (pulled is not null)
            {
                output.WriteLine($"pulled:    {pulled.Source ?? "(source not recorded)"}@{pulled.Manifest}");
                output.WriteLine($"checked:   {Time(pulled.CheckedAt)} ({Age(now - pulled.CheckedAt)} ago)");
            }
            var staleFeeds = new List<string>();
            foreach (var f in store.Feeds())
            {
                var health = FeedHealth.From(meta, f.Name);
                if (health.Stale) staleFeeds.Add(f.Name);
                var age = f.FetchedAt is { } at ? $"  age {Age(now - at)}" : "";
                var layer = pulled?.Layers.TryGetValue(f.Name, out var digest) == true ? $"  layer {digest}" : "";
                output.WriteLine($"feed:      {f.Name,-18} {f.Records,9} records  {Time(f.FetchedAt)}  {State(health)}  {f.Url ?? "(imported)"}{age}{layer}");
            }
            var (namespaces, lifecycles) = store.Contents();
            foreach (var (ns, rows) in namespaces)
                output.WriteLine($"data:      {ns,-40} {rows,9} rows");
            output.WriteLine($"eol:       {lifecycles} releases with end-of-life dates from the endoflife feed (built-in table otherwise)");
            var confirmed = new[] { store.BuiltAt, pulled?.CheckedAt }.Max();
            var reasons = new List<string>();
            if (staleFeeds.Count > 0) reasons.Add($"feed(s) whose last update failed: {string.Join(", ", staleFeeds)}");
            if (confirmed is null || now - confirmed.Value >= limit)
                reasons.Add($"{(confirmed is { } c ? Age(now - c) + " old" : "no build time")}, over --db-max-age {limit.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)}h");
            if (reasons.Count == 0) return ExitCodes.Success;
            output.WriteLine($"stale:     {string.Join("; ", reasons)}");
            return ExitCodes.PartialUpdate;
        });
        return command;
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";

    private static string State(FeedHealth health) =>
        health.Stale ? $"STALE (update at {Time(health.AttemptedAt)} failed: {health.Error})" : health.Skipped is { } s ? $"PARTIAL ({s})" : "ok";

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m" : $"{Math.Max(0, (int)age.TotalMinutes)}m";
}
