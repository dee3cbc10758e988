namespace Drydock.Images.Layers;

/// <summary>
/// Normalises tar entry names to image-root-relative paths (<c>./usr//bin/../lib/</c> → <c>usr/lib</c>).
/// '.' and '..' are resolved lexically, as the name is written (links are never followed here); a name that climbs
/// above the root (<c>../etc/passwd</c>, <c>/../x</c>) is an escape and yields null — the caller rejects the entry.
/// </summary>
internal static class LayerPath
{
    /// <summary>The normalised path ("" for the root itself), or null when <paramref name="name"/> escapes the root.</summary>
    public static string? Normalize(string name)
    {
        if (!NeedsWork(name)) return name;
        // Most of the rest is clean once a leading "./" (tar -C root .) and a directory's trailing '/' are dropped.
        var start = name.StartsWith("./", StringComparison.Ordinal) ? 2 : 0;
        var end = name.Length > 0 && name[^1] == '/' ? name.Length - 1 : name.Length;
        if (end > start && name[start..end] is var core && !NeedsWork(core)) return core;
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (parts.Count == 0) return null;
                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(part);
                    break;
            }
        }
        return string.Join('/', parts);
    }

    /// <summary>Deepest path, in components (a real image's deepest is a few dozen).</summary>
    public const int MaxDepth = 256;

    /// <summary>Longest path, in characters (Linux PATH_MAX).</summary>
    public const int MaxLength = 4096;

    /// <summary>Longest component, in characters (Linux NAME_MAX).</summary>
    public const int MaxComponent = 255;

    /// <summary>
    /// Why a normalised path passes the PATH_MAX-like bounds (no runtime could create it, and a deep path costs memory
    /// per level when its parents are made), or null when it is within them.
    /// </summary>
    public static string? BoundViolation(string path)
    {
        if (path.Length > MaxLength) return $"path of {path.Length} characters is longer than {MaxLength} (PATH_MAX)";
        var depth = 1;
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/') continue;
            if (i - start > MaxComponent) return $"a component of {i - start} characters is longer than {MaxComponent} (NAME_MAX)";
            if (i < path.Length && ++depth > MaxDepth) return $"path is more than {MaxDepth} components deep";
            start = i + 1;
        }
        return null;
    }

    /// <summary>Joins a relative link target to the directory holding the link, then normalises (null on escape).</summary>
    public static string? Combine(string directory, string relative) =>
        Normalize(directory.Length == 0 ? relative : directory + "/" + relative);

    /// <summary>The parent directory of a normalised path ("" for top-level entries).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>The last component of a normalised path.</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    // Fast path: most names in real layers are already clean (no leading '/', no './', no '//', no trailing '/').
    private static bool NeedsWork(string name)
    {
        if (name.Length == 0 || name[0] == '/' || name[^1] == '/' || name[0] == '.') return true;
        return name.Contains("//", StringComparison.Ordinal)
            || name.Contains("/./", StringComparison.Ordinal)
            || name.Contains("/../", StringComparison.Ordinal)
            || name.EndsWith("/.", StringComparison.Ordinal)
            || name.EndsWith("/..", StringComparison.Ordinal);
    }
}
