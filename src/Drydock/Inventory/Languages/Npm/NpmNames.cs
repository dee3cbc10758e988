namespace Drydock.Inventory.Languages.Npm;

/// <summary>npm package names and where packages sit in a <c>node_modules</c> tree.</summary>
internal static class NpmNames
{
    /// <summary>Splits <c>@scope/name</c> into the purl namespace <c>@scope</c> and the name (purl-spec, type npm).</summary>
    public static (string? Namespace, string Name) Split(string fullName)
    {
        if (fullName.StartsWith('@'))
        {
            var slash = fullName.IndexOf('/', StringComparison.Ordinal);
            if (slash > 1 && slash < fullName.Length - 1) return (fullName[..slash], fullName[(slash + 1)..]);
        }
        return (null, fullName);
    }

    /// <summary>
    /// True for <c>…node_modules/NAME/package.json</c> and <c>…node_modules/@scope/NAME/package.json</c>: the manifest
    /// of an installed package, not a fixture deeper inside one (<c>node_modules/x/test/package.json</c>).
    /// </summary>
    public static bool IsInstalledManifest(string path)
    {
        if (!path.EndsWith("/package.json", StringComparison.Ordinal)) return false;
        var segments = path.Split('/');
        var n = segments.Length;
        if (n >= 3 && segments[n - 3] == "node_modules" && !segments[n - 2].StartsWith('@')) return true;
        return n >= 4 && segments[n - 4] == "node_modules" && segments[n - 3].StartsWith('@');
    }

    /// <summary>A <c>package.json</c> outside every <c>node_modules</c>: an application's manifest when a <c>node_modules</c> sits beside it.</summary>
    public static bool IsApplicationManifestCandidate(string path) =>
        (path == "package.json" || path.EndsWith("/package.json", StringComparison.Ordinal)) && !path.Split('/').Contains("node_modules");

    /// <summary>The directory (with trailing '/', or "" for the root) whose <c>node_modules</c> holds <paramref name="installedManifest"/>.</summary>
    public static string ApplicationRootOf(string installedManifest)
    {
        var i = installedManifest.IndexOf("node_modules/", StringComparison.Ordinal);
        while (i > 0 && installedManifest[i - 1] != '/') i = installedManifest.IndexOf("node_modules/", i + 1, StringComparison.Ordinal);
        return i <= 0 ? "" : installedManifest[..i];
    }

    /// <summary>The package name from a lockfile v2/v3 key: the part after the last <c>node_modules/</c>.</summary>
    public static string FromLockKey(string key)
    {
        const string marker = "node_modules/";
        var i = key.LastIndexOf(marker, StringComparison.Ordinal);
        return i < 0 ? key : key[(i + marker.Length)..];
    }
}
