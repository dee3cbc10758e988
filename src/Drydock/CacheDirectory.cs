namespace Drydock;

/// <summary>
/// Drydock's cache root: <c>$DRYDOCK_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/drydock</c>, else <c>~/.cache/drydock</c>.
/// The vulnerability database, layer cache and base catalogue live below it.
/// </summary>
public static class CacheDirectory
{
    public static string Root
    {
        get
        {
            var explicitDir = Environment.GetEnvironmentVariable("DRYDOCK_CACHE_DIR");
            if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "drydock");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "drydock");
        }
    }
}
