namespace Drydock.Inventory.Languages.Npm;

/// <summary>
/// Reads <c>yarn.lock</c> in both formats: Yarn 1 (its own syntax, <c>name@range, name@range2:</c> then
/// <c>version "1.2.3"</c>) and Yarn Berry (a YAML subset, <c>"name@npm:range":</c> then <c>version: 1.2.3</c>).
/// Both are line-based with two-space indentation, so one reader serves both. The Berry <c>__metadata</c> block and
/// workspace entries (<c>@workspace:</c>, the project itself) are not packages.
/// </summary>
internal static class YarnLockParser
{
    public static IReadOnlyList<YarnEntry> Parse(Stream stream)
    {
        var entries = new List<YarnEntry>();
        using var reader = new StreamReader(stream);
        YarnEntryBuilder? current = null;
        var inDependencies = false;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var indent = line.Length - line.TrimStart(' ').Length;
            var text = line.Trim();
            if (indent == 0)
            {
                Flush(current, entries);
                if (!text.EndsWith(':')) throw new InvalidDataException($"line {lineNumber}: expected an entry header ending in ':'");
                var patterns = text[..^1].Replace("\"", "", StringComparison.Ordinal)
                    .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                current = patterns.Length > 0 && NameOf(patterns[0]) is { } name && !text.Contains("@workspace:", StringComparison.Ordinal)
                    ? new YarnEntryBuilder(name, patterns)
                    : null;
                inDependencies = false;
            }
            else if (current is not null && indent == 2)
            {
                var (key, value) = SplitPair(text);
                inDependencies = key is "dependencies" or "optionalDependencies" && value.Length == 0;
                if (key == "version") current.Version = value;
            }
            else if (current is not null && indent >= 4 && inDependencies)
            {
                var (name, range) = SplitPair(text);
                current.Dependencies.Add((name, range));
            }
        }
        Flush(current, entries);
        return entries;
    }

    /// <summary>The package name of a pattern: everything before the '@' that starts the range (a scope's '@' is first).</summary>
    public static string? NameOf(string pattern)
    {
        var at = pattern.IndexOf('@', 1);
        return at > 0 ? pattern[..at] : null;
    }

    // "version \"1.2.3\"" (Yarn 1), "version: 1.2.3" (Berry), "\"@scope/x\": ^1" and "x \"^1\"" (dependency lines).
    private static (string Key, string Value) SplitPair(string text)
    {
        string key, rest;
        if (text.StartsWith('"'))
        {
            var close = text.IndexOf('"', 1);
            if (close < 0) return (text.Trim('"'), "");
            key = text[1..close];
            rest = text[(close + 1)..];
        }
        else
        {
            var end = text.IndexOfAny([' ', ':']);
            if (end < 0) return (text, "");
            key = text[..end];
            rest = text[end..];
        }
        return (key, rest.TrimStart(':').Trim().Trim('"'));
    }

    private static void Flush(YarnEntryBuilder? b, List<YarnEntry> into)
    {
        if (b is { Version.Length: > 0 }) into.Add(new YarnEntry(b.Name, b.Version, b.Patterns, b.Dependencies));
    }

    private sealed class YarnEntryBuilder(string name, string[] patterns)
    {
        public string Name { get; } = name;
        public string[] Patterns { get; } = patterns;
        public string Version { get; set; } = "";
        public List<(string Name, string Range)> Dependencies { get; } = [];
    }
}

/// <summary>One resolved yarn.lock entry: the patterns (<c>name@range</c>) it satisfies and its dependencies' ranges.</summary>
internal sealed record YarnEntry(
    string Name,
    string Version,
    IReadOnlyList<string> Patterns,
    IReadOnlyList<(string Name, string Range)> Dependencies);
