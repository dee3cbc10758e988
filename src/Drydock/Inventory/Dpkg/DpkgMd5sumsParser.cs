namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Reads the installed-file list from <c>var/lib/dpkg/info/&lt;pkg&gt;[:arch].md5sums</c> (dpkg's control member
/// <c>md5sums</c>, deb-md5sums(5)): one <c>md5  relative/path</c> per line. Returns the paths (no leading slash).
/// </summary>
internal static class DpkgMd5sumsParser
{
    public static IReadOnlyList<string> Parse(TextReader reader)
    {
        var paths = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            // Two spaces (text mode) or " *" (binary mode) separate the digest from the path, as md5sum writes.
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) continue;
            var path = line[(space + 1)..].TrimStart(' ', '*').TrimStart('/');
            if (path.Length > 0) paths.Add(path);
        }
        return paths;
    }
}
