namespace Drydock;

/// <summary>
/// Drydock's cache root: <c>$DRYDOCK_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/drydock</c>, else <c>~/.cache/drydock</c>.
/// The vulnerability database, layer cache and base catalogue live below it.
/// </summary>
public static class CacheDirectory
{
    public static string Root => RootFrom(Environment.GetEnvironmentVariable);

    /// <summary>The root as <paramref name="environment"/> defines it (a relative XDG_CACHE_HOME is ignored, as the XDG spec says).</summary>
    public static string RootFrom(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var explicitDir = environment("DRYDOCK_CACHE_DIR");
        if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
        var xdg = environment("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "drydock");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "drydock");
    }
}
