using System.Text.RegularExpressions;

namespace Drydock.Scanning.Gate;

/// <summary>
/// Reads <c>.trivyignore</c> syntax — one id a line, <c>#</c> comments, an optional <c>exp:YYYY-MM-DD</c> — with
/// Drydock's additions on the same line: <c>owner:NAME</c>, <c>reason:"text"</c> (or the text of a trailing
/// <c># comment</c>) and <c>purl:PREFIX</c> to scope the waiver to some packages. A malformed line is a usage error
/// naming the file and line.
/// </summary>
public static partial class IgnoreFileParser
{
    /// <summary>
    /// The ignore file to read: <paramref name="named"/> when given, else <c>.drydockignore</c>, else Trivy's
    /// <c>.trivyignore</c> in <paramref name="directory"/> (returned relative to it), else null.
    /// </summary>
    public static string? Find(string? named, string directory) =>
        named ?? DefaultNames.FirstOrDefault(n => File.Exists(Path.Combine(directory, n)));

    private static readonly string[] DefaultNames = [".drydockignore", ".trivyignore"];

    public static IReadOnlyList<Waiver> Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllLines(path), path) : throw new UsageException($"ignore file '{path}' does not exist");

    public static IReadOnlyList<Waiver> Parse(IReadOnlyList<string> lines, string source)
    {
        var waivers = new List<Waiver>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string? comment = null;
            var hash = line.IndexOf(" #", StringComparison.Ordinal);
            if (hash >= 0)
            {
                comment = line[(hash + 2)..].Trim();
                line = line[..hash].Trim();
            }
            var reasonMatch = ReasonPattern().Match(line);
            var reason = reasonMatch.Success ? reasonMatch.Groups[1].Value : comment;
            if (reasonMatch.Success) line = line.Remove(reasonMatch.Index, reasonMatch.Length).Trim();

            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var id = parts[0];
            if (!IdPattern().IsMatch(id)) throw new UsageException($"{source}:{i + 1}: '{id}' is not a vulnerability or control id");
            DateOnly? expires = null;
            string? owner = null;
            string? purl = null;
            foreach (var part in parts.Skip(1))
            {
                if (part.StartsWith("exp:", StringComparison.Ordinal))
                {
                    expires = DateOnly.TryParseExact(part[4..], "yyyy-MM-dd", out var d)
                        ? d
                        : throw new UsageException($"{source}:{i + 1}: invalid expiry '{part}' (expected exp:YYYY-MM-DD)");
                }
                else if (part.StartsWith("owner:", StringComparison.Ordinal))
                {
                    owner = part[6..];
                }
                else if (part.StartsWith("purl:", StringComparison.Ordinal))
                {
                    purl = part[5..];
                }
                else if (part.StartsWith("pkg:", StringComparison.Ordinal))
                {
                    purl = part;
                }
                else
                {
                    throw new UsageException($"{source}:{i + 1}: unexpected '{part}' (expected exp:, owner:, reason:\"…\" or purl:)");
                }
            }
            waivers.Add(new Waiver(id, expires, owner, reason, purl, i + 1));
        }
        return waivers;
    }

    [GeneratedRegex(@"reason:""([^""]*)""")]
    private static partial Regex ReasonPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9._:-]*-[A-Za-z0-9._:-]+$")]
    private static partial Regex IdPattern();
}
