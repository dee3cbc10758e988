namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Parses os-release(5) (freedesktop.org): newline-separated <c>KEY=value</c> assignments in a shell-compatible
/// subset, values optionally in single or double quotes, '#' comments. The OS is known only when <c>ID</c> maps to
/// a family (<see cref="OsFamilies"/>) and <c>VERSION_ID</c> is present; otherwise null (the caller tries other files).
/// </summary>
internal static class OsReleaseParser
{
    public static IReadOnlyDictionary<string, string> ParseFields(TextReader reader)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            fields[trimmed[..eq].Trim()] = Unquote(trimmed[(eq + 1)..].Trim());
        }
        return fields;
    }

    public static OsInfo? Parse(TextReader reader, string source)
    {
        var f = ParseFields(reader);
        var id = f.GetValueOrDefault("ID", "").ToLowerInvariant();
        var name = f.GetValueOrDefault("PRETTY_NAME") ?? f.GetValueOrDefault("NAME") ?? "";
        var family = OsFamilies.FromOsReleaseId(id, f.GetValueOrDefault("NAME", "") + " " + name);
        var version = f.GetValueOrDefault("VERSION_ID", "");
        if (family is null || version.Length == 0) return null;
        var codename = f.GetValueOrDefault("VERSION_CODENAME");
        return new OsInfo
        {
            Family = family,
            Version = version,
            Codename = string.IsNullOrEmpty(codename) ? null : codename,
            PrettyName = name.Length == 0 ? null : name,
            Source = source,
        };
    }

    /// <summary>Strips one pair of matching quotes and the shell escapes os-release(5) allows inside double quotes.</summary>
    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            var inner = value[1..^1];
            return value[0] == '"' ? inner.Replace("\\\"", "\"", StringComparison.Ordinal)
                .Replace("\\$", "$", StringComparison.Ordinal).Replace("\\`", "`", StringComparison.Ordinal)
                .Replace("\\\\", "\\", StringComparison.Ordinal) : inner;
        }
        return value.Trim('"', '\'');
    }
}
