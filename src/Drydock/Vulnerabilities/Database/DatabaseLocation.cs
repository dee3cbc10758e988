namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Where the database lives: <c>--db PATH</c>, else <c>DRYDOCK_DB</c>, else <c>$XDG_CACHE_HOME/drydock/vuln.db</c>
/// (XDG Base Directory spec; <c>~/.cache</c> when unset).
/// </summary>
public static class DatabaseLocation
{
    public const string EnvironmentVariable = "DRYDOCK_DB";

    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache) || !Path.IsPathRooted(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "drydock", "vuln.db");
    }

    /// <summary>The folder the downloaded feed files are kept in (so a 304 can reuse them): <c>&lt;db dir&gt;/feeds</c>.</summary>
    public static string FeedCache(string databasePath) => Path.Combine(Path.GetDirectoryName(databasePath)!, "feeds");
}
