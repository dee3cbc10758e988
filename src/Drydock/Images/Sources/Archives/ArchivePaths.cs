namespace Drydock.Images.Sources.Archives;

/// <summary>
/// Normalises names inside an image archive. An entry name with a <c>..</c> component or an absolute path is
/// refused outright (it can only be an attack or a broken writer); link targets may use <c>..</c> but never leave
/// the archive root.
/// </summary>
internal static class ArchivePaths
{
    /// <summary>The normalised entry name (no <c>./</c>, no empty parts), or null when it is unsafe.</summary>
    public static string? NormalizeEntryName(string name)
    {
        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal)) return null;
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") return null;
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>Resolves a link target relative to <paramref name="linkDirectory"/>; null when it would leave the root.</summary>
    public static string? ResolveLinkTarget(string linkDirectory, string target)
    {
        var parts = new List<string>();
        if (!target.StartsWith('/') && linkDirectory.Length > 0) parts.AddRange(linkDirectory.Split('/'));
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    public static string DirectoryOf(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? "" : name[..slash];
    }
}
