using System.CommandLine;
using System.Globalization;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock db status</c>: where the database is, how old, each feed's state and what it holds.</summary>
internal static class DbStatusCommand
{
    public static Command Create(TimeProvider clock)
    {
        var db = DbCommand.DbOption();
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
                output.WriteLine($"built at:  {built.ToString("u", CultureInfo.InvariantCulture)} ({Age(clock.GetUtcNow() - built)} old)");
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
        health.Stale ? $"STALE (update at {Time(health.AttemptedAt)} failed: {health.Error})" : health.Skipped is { } s ? $"PARTIAL ({s})" : "ok";

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m" : $"{Math.Max(0, (int)age.TotalMinutes)}m";
}
