namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Reads the installed-file list from <c>var/lib/dpkg/info/&lt;pkg&gt;[:arch].md5sums</c> (dpkg's control member
/// <c>md5sums</c>, deb-md5sums(5)): one <c>md5  relative/path</c> per line. Returns the paths (no leading slash).
/// The text is read whole into a pooled buffer (<see cref="PooledText"/>) and each line looked at in place: only the
/// paths become strings (issue 17).
/// </summary>
internal static class DpkgMd5sumsParser
{
    public static IReadOnlyList<string> Parse(TextReader reader)
    {
        using var text = PooledText.Read(reader);
        // About 80 characters a line (a 32-digit digest, two spaces, a path).
        var paths = new List<string>(text.Span.Length / 80 + 1);
        foreach (var line in text.Lines)
        {
            // Two spaces (text mode) or " *" (binary mode) separate the digest from the path, as md5sum writes.
            var space = line.IndexOf(' ');
            if (space <= 0) continue;
            var path = line[(space + 1)..].TrimStart(" *").TrimStart('/');
            if (path.Length > 0) paths.Add(path.ToString());
        }
        return paths;
    }
}
