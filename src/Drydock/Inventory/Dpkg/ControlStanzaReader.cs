namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Reads Debian control-file syntax (deb-control(5), deb822(5)): stanzas of <c>Field: value</c> lines separated by
/// blank lines; a line starting with a space or tab continues the previous field (kept, joined with '\n', so
/// multi-line fields like Conffiles and Description survive). Field names are case-insensitive. Lines that are
/// neither a field nor a continuation are counted as malformed and skipped, never fatal.
/// </summary>
internal static class ControlStanzaReader
{
    /// <summary>One stanza: its fields, the 1-based line it starts on, and how many malformed lines it had.</summary>
    public sealed record Stanza(IReadOnlyDictionary<string, string> Fields, int Line, int MalformedLines);

    public static IEnumerable<Stanza> Read(TextReader reader)
    {
        Dictionary<string, string>? fields = null;
        string? last = null;
        int start = 0, malformed = 0, lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0)
            {
                if (fields is not null) yield return new Stanza(fields, start, malformed);
                (fields, last, malformed) = (null, null, 0);
                continue;
            }
            if (fields is null) (fields, start) = (new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), lineNo);
            if (line[0] is ' ' or '\t')
            {
                if (last is null) malformed++;
                else fields[last] = fields[last] + "\n" + line.TrimEnd();
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Contains(' ', StringComparison.Ordinal))
            {
                (malformed, last) = (malformed + 1, null);
                continue;
            }
            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }
        if (fields is not null) yield return new Stanza(fields, start, malformed);
    }
}
