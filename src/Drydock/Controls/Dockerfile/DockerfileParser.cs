using System.Text;

namespace Drydock.Controls.Dockerfile;

/// <summary>
/// Parses a Dockerfile into instructions (Dockerfile reference: parser directives, <c># escape=</c>, comments,
/// line continuations, heredocs <c>&lt;&lt;EOF</c> kept as part of the instruction text). Unknown keywords are kept;
/// the controls decide what matters.
/// </summary>
public static class DockerfileParser
{
    public static IReadOnlyList<DockerfileInstruction> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var escape = '\\';
        var result = new List<DockerfileInstruction>();
        var stage = -1;
        var i = 0;
        // Parser directives are only read at the very top, before any instruction, comment or blank line.
        while (i < lines.Length && lines[i].TrimStart().StartsWith('#') && lines[i].Contains('=', StringComparison.Ordinal))
        {
            var d = lines[i].TrimStart('#', ' ', '\t');
            if (d.StartsWith("escape=", StringComparison.OrdinalIgnoreCase) && d.Trim().Length == "escape=".Length + 1) escape = d.Trim()[^1];
            i++;
        }
        for (; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var start = i + 1;
            var sb = new StringBuilder();
            var line = lines[i];
            while (true)
            {
                var t = line.TrimEnd();
                if (t.EndsWith(escape) && i + 1 < lines.Length)
                {
                    sb.Append(t[..^1]).Append(' ');
                    i++;
                    // Comment lines inside a continued instruction are removed by the builder.
                    while (i < lines.Length && lines[i].TrimStart().StartsWith('#')) i++;
                    if (i >= lines.Length) break;
                    line = lines[i];
                    continue;
                }
                sb.Append(t);
                break;
            }
            var full = sb.ToString().Trim();
            var heredoc = full.IndexOf("<<", StringComparison.Ordinal);
            if (heredoc >= 0 && TryHeredocMarker(full[(heredoc + 2)..], out var marker))
            {
                while (i + 1 < lines.Length && lines[i + 1].Trim() != marker) full += "\n" + lines[++i];
                i++;
            }
            var space = full.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            var rest = space < 0 ? "" : full[(space + 1)..].Trim();
            var flags = new List<string>();
            while (rest.StartsWith("--", StringComparison.Ordinal) && keyword is not ("RUN" or "CMD" or "ENTRYPOINT" or "HEALTHCHECK"))
            {
                var end = rest.IndexOfAny([' ', '\t']);
                flags.Add(end < 0 ? rest : rest[..end]);
                rest = end < 0 ? "" : rest[(end + 1)..].TrimStart();
            }
            if (keyword == "FROM") stage++;
            result.Add(new DockerfileInstruction(keyword, flags, rest, start, Math.Max(stage, 0)) { EndLine = Math.Min(i, lines.Length - 1) + 1 });
        }
        return result;
    }

    private static bool TryHeredocMarker(string after, out string marker)
    {
        var m = after.TrimStart('-').Trim('"', '\'');
        var end = m.IndexOfAny([' ', '\t', '"', '\'']);
        marker = end < 0 ? m : m[..end];
        return marker.Length > 0 && marker.All(c => char.IsLetterOrDigit(c) || c == '_');
    }
}
