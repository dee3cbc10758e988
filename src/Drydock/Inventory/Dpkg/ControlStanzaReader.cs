using System.Text;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Reads Debian control-file syntax (deb-control(5), deb822(5)): stanzas of <c>Field: value</c> lines separated by
/// blank lines; a line starting with a space or tab continues the previous field (kept, joined with '\n', so
/// multi-line fields like Conffiles and Description survive). Field names are case-insensitive. Lines that are
/// neither a field nor a continuation are counted as malformed and skipped, never fatal. Linear in the input: a
/// field grows in one builder; a line past <see cref="PackageDatabaseLimits.MaxLineChars"/> is skipped and a field
/// past <see cref="PackageDatabaseLimits.MaxFieldChars"/> cut, each reported in <see cref="Stanza.Problems"/>.
/// </summary>
internal static class ControlStanzaReader
{
    /// <summary>One stanza: its fields, the 1-based line it starts on, how many malformed lines it had, and bounds hit.</summary>
    public sealed record Stanza(IReadOnlyDictionary<string, string> Fields, int Line, int MalformedLines)
    {
        public IReadOnlyList<string> Problems { get; init; } = [];
    }

    public static IEnumerable<Stanza> Read(TextReader reader, CancellationToken cancellationToken = default)
    {
        var lines = new BoundedLineReader(reader, PackageDatabaseLimits.MaxLineChars, cancellationToken);
        Dictionary<string, string>? fields = null;
        List<string>? problems = null;
        var value = new StringBuilder();
        string? last = null;
        var cut = false;
        int start = 0, malformed = 0;
        while (lines.ReadLine() is { } line)
        {
            var lineNo = lines.LineNumber;
            if (IsBlank(line))
            {
                if (fields is not null) yield return Finish();
                (fields, problems, last, malformed) = (null, null, null, 0);
                continue;
            }
            if (fields is null) (fields, start) = (new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), lineNo);
            if (ReferenceEquals(line, BoundedLineReader.Overlong))
            {
                Commit();
                (problems ??= []).Add($"line {lineNo}: longer than {PackageDatabaseLimits.Format(PackageDatabaseLimits.MaxLineChars)} characters; skipped");
                malformed++;
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (last is null) malformed++;
                else if (value.Length + 1 + line.Length > PackageDatabaseLimits.MaxFieldChars)
                {
                    if (!cut) (problems ??= []).Add($"line {lineNo}: field '{last}' longer than "
                                                   + $"{PackageDatabaseLimits.Format(PackageDatabaseLimits.MaxFieldChars)} characters; cut");
                    cut = true;
                }
                else value.Append('\n').Append(line.AsSpan().TrimEnd());
                continue;
            }
            Commit();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.AsSpan(0, colon).Contains(' '))
            {
                malformed++;
                continue;
            }
            last = line[..colon];
            value.Append(line.AsSpan(colon + 1).Trim());
        }
        if (fields is not null) yield return Finish();

        void Commit()
        {
            if (last is not null) fields![last] = value.ToString();
            (last, cut) = (null, false);
            value.Clear();
        }

        Stanza Finish()
        {
            Commit();
            return new Stanza(fields!, start, malformed) { Problems = problems ?? (IReadOnlyList<string>)[] };
        }
    }

    private static bool IsBlank(string line)
    {
        foreach (var c in line)
        {
            if (!char.IsWhiteSpace(c)) return false;
        }
        return true;
    }
}
