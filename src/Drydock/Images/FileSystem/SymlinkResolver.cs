namespace Drydock.Images.FileSystem;

/// <summary>
/// Resolves a path through symlinks as the kernel would inside a chroot at the image root (path_resolution(7)):
/// component by component, absolute targets restart at the root, '..' at the root stays there, and more than
/// <see cref="MaxHops"/> links (loops included) fail. Nothing can lead out of the image.
/// </summary>
internal static class SymlinkResolver
{
    public const int MaxHops = 40;

    /// <summary>The normalised final path, or null (missing component, loop, too many hops, non-directory in the way).</summary>
    public static string? Resolve(string path, Func<string, FileEntry?> get)
    {
        var pending = new Stack<string>();
        Push(pending, path);
        var resolved = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(part);
            var entry = get(string.Join('/', resolved));
            if (entry is null) return null;
            if (entry.Kind == FileKind.Symlink)
            {
                if (++hops > MaxHops || string.IsNullOrEmpty(entry.LinkTarget)) return null;
                resolved.RemoveAt(resolved.Count - 1);
                if (entry.LinkTarget[0] == '/') resolved.Clear();
                Push(pending, entry.LinkTarget);
            }
            else if (entry.Kind != FileKind.Directory && pending.Any(p => p is not ("" or ".")))
            {
                return null; // a file cannot have children ("etc/passwd/x")
            }
        }
        return resolved.Count == 0 ? null : string.Join('/', resolved);
    }

    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }
}
