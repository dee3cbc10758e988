using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// The files dpkg keeps beside a status record: <c>var/lib/dpkg/info/&lt;pkg&gt;[:arch].{md5sums,list}</c> and the
/// package's <c>usr/share/doc/&lt;pkg&gt;/copyright</c>. Missing or undeclared files simply contribute nothing.
/// </summary>
internal static class DpkgSideFiles
{
    public const string InfoDirectory = "var/lib/dpkg/info/";

    public static bool IsWanted(string path) =>
        (path.StartsWith(InfoDirectory, StringComparison.Ordinal) && path.EndsWith(".md5sums", StringComparison.Ordinal))
        || (path.StartsWith("usr/share/doc/", StringComparison.Ordinal) && path.EndsWith("/copyright", StringComparison.Ordinal)
            && path.Count(c => c == '/') == 4);

    /// <summary>Installed files from <c>info/&lt;pkg&gt;.md5sums</c> or its multi-arch name, or <paramref name="fallback"/>'s.</summary>
    public static IReadOnlyList<string> Files(IFileSystemView fs, DpkgStatusEntry e, string? fallback = null)
    {
        foreach (var path in InfoPaths(e, ".md5sums").Append(fallback))
        {
            if (path is not null && fs.HasContent(path))
            {
                using var reader = new StreamReader(fs.OpenRead(path));
                return DpkgMd5sumsParser.Parse(reader);
            }
        }
        return [];
    }

    /// <summary>
    /// The layer that installed the package: dpkg rewrites <c>info/&lt;pkg&gt;.list</c> only when it unpacks that
    /// package, while the single status file is rewritten by every later install. Only the entry's metadata is
    /// needed, never its content. Null when there is no such file at or below <paramref name="recordLayer"/>
    /// (images that strip <c>var/lib/dpkg/info</c>).
    /// </summary>
    public static int? InstallLayer(IFileSystemView fs, DpkgStatusEntry e, int recordLayer)
    {
        foreach (var path in InfoPaths(e, ".list"))
        {
            if (fs.Get(path) is { Kind: FileKind.File } list && list.LayerIndex <= recordLayer) return list.LayerIndex;
        }
        return null;
    }

    public static IReadOnlyList<string> Licenses(IFileSystemView fs, string packageName)
    {
        var path = "usr/share/doc/" + packageName + "/copyright";
        if (!fs.HasContent(path)) return [];
        using var reader = new StreamReader(fs.OpenRead(path));
        return DebianCopyrightParser.Parse(reader);
    }

    private static IEnumerable<string> InfoPaths(DpkgStatusEntry e, string suffix)
    {
        yield return InfoDirectory + e.Name + suffix;
        if (e.Architecture is { } arch) yield return InfoDirectory + e.Name + ":" + arch + suffix;
    }
}
