using System.Text;

namespace Drydock.Inventory.Languages.Python;

/// <summary>
/// Reads Python core metadata (packaging.python.org/specifications/core-metadata): the RFC 822 style headers of a
/// <c>*.dist-info/METADATA</c> or <c>*.egg-info/PKG-INFO</c> file, up to the first blank line (the description body
/// follows). Continuation lines start with whitespace. The license is taken, in order, from
/// <c>License-Expression</c> (metadata 2.4), a one-line <c>License</c> field (longer values are the licence text),
/// then the <c>Classifier: License :: …</c> trove classifiers (their last segment). Dependencies are the
/// <c>Requires-Dist</c> names that are not behind an <c>extra ==</c> marker, normalised as PEP 503 says.
/// </summary>
internal static class PythonMetadataParser
{
    private const int MaxLicenseFieldLength = 100;

    public static ParsedPackage? Parse(Stream stream)
    {
        var headers = ReadHeaders(stream);
        var name = First(headers, "Name");
        var version = First(headers, "Version");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version)) return null;
        return new ParsedPackage(null, NormaliseName(name), version.Trim())
        {
            Licenses = LicensesOf(headers),
            DependsOn = [.. headers.Where(h => h.Key == "Requires-Dist")
                .Select(h => h.Value)
                .Where(v => !v.Contains("extra", StringComparison.Ordinal) || !v.Contains(';', StringComparison.Ordinal))
                .Select(RequirementName)
                .Where(n => n.Length > 0)
                .Distinct()
                .Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>PEP 503: lower case, runs of '-', '_' and '.' become one '-'.</summary>
    public static string NormaliseName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                if (sb.Length == 0 || sb[^1] != '-') sb.Append('-');
            }
            else
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        return sb.ToString();
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(Stream stream)
    {
        var headers = new List<KeyValuePair<string, string>>();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line && line.Length > 0)
        {
            if (line[0] is ' ' or '\t')
            {
                if (headers.Count > 0) headers[^1] = new(headers[^1].Key, headers[^1].Value + "\n" + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new InvalidDataException($"not a metadata header: '{Truncate(line)}'");
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return headers;
    }

    private static List<string> LicensesOf(List<KeyValuePair<string, string>> headers)
    {
        if (First(headers, "License-Expression") is { Length: > 0 } expression) return [expression];
        if (First(headers, "License") is { Length: > 0 and <= MaxLicenseFieldLength } license
            && !license.Contains('\n', StringComparison.Ordinal) && license != "UNKNOWN")
            return [license];
        return [.. headers
            .Where(h => h.Key == "Classifier" && h.Value.StartsWith("License ::", StringComparison.Ordinal))
            .Select(h => h.Value[(h.Value.LastIndexOf("::", StringComparison.Ordinal) + 2)..].Trim())
            .Where(l => l.Length > 0 && l != "OSI Approved")
            .Distinct()];
    }

    // "requests[security] (>=2.0); python_version < '3'" → "requests" (PEP 508: the name ends at the first non-name char).
    private static string RequirementName(string requirement)
    {
        var end = 0;
        while (end < requirement.Length && (char.IsAsciiLetterOrDigit(requirement[end]) || requirement[end] is '-' or '_' or '.')) end++;
        return NormaliseName(requirement[..end]);
    }

    private static string? First(List<KeyValuePair<string, string>> headers, string key) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Truncate(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
