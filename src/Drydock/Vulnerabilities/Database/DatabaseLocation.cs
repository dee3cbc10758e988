namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Where the database lives: <c>--db PATH</c>, else <c>DRYDOCK_DB</c>, else <c>vuln.db</c> in the cache root
/// (<see cref="CacheDirectory"/>: <c>$DRYDOCK_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/drydock</c>, else <c>~/.cache/drydock</c>).
/// </summary>
public static class DatabaseLocation
{
    public const string EnvironmentVariable = "DRYDOCK_DB";

    public const string FileName = "vuln.db";

    public static string Resolve(string? explicitPath) => Resolve(explicitPath, Environment.GetEnvironmentVariable);

    /// <summary>The same rule with the environment passed in (tests; no process-wide state).</summary>
    public static string Resolve(string? explicitPath, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var env = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        return Path.GetFullPath(Path.Combine(CacheDirectory.RootFrom(environment), FileName));
    }

    /// <summary>The folder the downloaded feed files are kept in (so a 304 can reuse them): <c>&lt;db dir&gt;/feeds</c>.</summary>
    public static string FeedCache(string databasePath) => Path.Combine(Path.GetDirectoryName(databasePath)!, "feeds");
}
