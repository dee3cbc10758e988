using System.IO.Compression;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>File helpers shared by the feeds: open a feed file, transparently gunzipping <c>*.gz</c>.</summary>
internal static class FeedFiles
{
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>Every <c>*.json</c> / <c>*.json.gz</c> under <paramref name="directory"/>, in ordinal order (deterministic imports).</summary>
    public static IEnumerable<string> JsonFiles(string directory, bool recursive = true) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);

    public static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
