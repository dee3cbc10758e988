using System.Globalization;
using System.Text;
using Drydock.Images;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// What the last pull installed, beside the database (<c>&lt;db&gt;.pulled</c>): the manifest digest and when the
/// registry was last asked (ISO 8601) on the first two lines, then <c>source REF</c>, <c>built-at TIME</c> and one
/// <c>layer FEED DIGEST</c> line per feed layer installed. A pull whose manifest digest is the installed one downloads
/// nothing; the time lets <c>--db-max-age</c> count from the last check, not only from the build; the layers let the
/// next pull replace only the feeds whose layer changed, and <c>db status</c> say where each feed came from. Files
/// written before the layer lines existed have only the first two lines (the next pull then assembles in full).
/// </summary>
internal sealed record DbPullState(Digest Manifest, DateTimeOffset CheckedAt)
{
    /// <summary>The reference pulled from, as given.</summary>
    public string? Source { get; init; }

    /// <summary>The build time of the installed database: its layers describe the file only while the file has it.</summary>
    public DateTimeOffset? BuiltAt { get; init; }

    /// <summary>Each installed feed's layer digest.</summary>
    public IReadOnlyDictionary<string, Digest> Layers { get; init; } = new Dictionary<string, Digest>(StringComparer.Ordinal);

    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".pulled";

    /// <summary>The state, or null when absent or unreadable (a pull then simply happens); unknown lines are ignored.</summary>
    public static DbPullState? Read(string databasePath)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(PathFor(databasePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (lines.Length < 2 || !Digest.TryParse(lines[0], out var digest) || Time(lines[1]) is not { } at) return null;
        var layers = new Dictionary<string, Digest>(StringComparer.Ordinal);
        string? source = null;
        DateTimeOffset? builtAt = null;
        foreach (var line in lines.Skip(2))
        {
            var parts = line.Split(' ');
            switch (parts)
            {
                case ["source", var s]: source = s; break;
                case ["built-at", var b]: builtAt = Time(b); break;
                case ["layer", var feed, var d] when Digest.TryParse(d, out var layer): layers[feed] = layer; break;
            }
        }
        return new DbPullState(digest, at) { Source = source, BuiltAt = builtAt, Layers = layers };
    }

    public Task WriteAsync(string databasePath, CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Manifest}\n{Iso(CheckedAt)}\n");
        if (Source is not null) text.Append(CultureInfo.InvariantCulture, $"source {Source}\n");
        if (BuiltAt is { } built) text.Append(CultureInfo.InvariantCulture, $"built-at {Iso(built)}\n");
        foreach (var (feed, layer) in Layers.OrderBy(l => l.Key, StringComparer.Ordinal)) text.Append(CultureInfo.InvariantCulture, $"layer {feed} {layer}\n");
        return SafeFileWriter.WriteAllTextAsync(PathFor(databasePath), text.ToString(), cancellationToken);
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
