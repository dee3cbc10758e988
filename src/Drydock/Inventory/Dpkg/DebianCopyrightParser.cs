using System.Text.RegularExpressions;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Finds license names in <c>usr/share/doc/&lt;pkg&gt;/copyright</c>. Machine-readable files (DEP-5,
/// https://dep-team.pages.debian.net/deps/dep5/) name them in <c>License:</c> fields, whose first line is a short
/// name or an expression (<c>GPL-1+ or Artistic, and BSD-4-clause</c>); free-form files usually point at
/// <c>/usr/share/common-licenses/&lt;name&gt;</c>. Both are collected, in order of first appearance, without guessing
/// from prose. The text is read whole into a pooled buffer (<see cref="PooledText"/>) and its lines looked at in
/// place (a cold scan parses ~100 of these files after the layer walks, on one core: issue 17); only the names found
/// become strings.
/// </summary>
internal static partial class DebianCopyrightParser
{
    private const string CommonLicenses = "/usr/share/common-licenses/";

    public static IReadOnlyList<string> Parse(TextReader reader)
    {
        var found = new List<string>();
        using var text = PooledText.Read(reader);
        foreach (var line in text.Lines)
        {
            if (line.StartsWith("License:", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var name in ExpressionSeparator().Split(line["License:".Length..].Trim().ToString()))
                {
                    Add(found, name.AsSpan().Trim().TrimEnd(",.").Trim());
                }
                continue;
            }
            if (!line.Contains(CommonLicenses, StringComparison.Ordinal)) continue;
            foreach (var m in CommonLicense().EnumerateMatches(line))
            {
                // The match is the fixed prefix and then the name (the pattern's only group).
                Add(found, line.Slice(m.Index + CommonLicenses.Length, m.Length - CommonLicenses.Length));
            }
        }
        return found;
    }

    private static void Add(List<string> found, ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || name.Length > 64) return;
        foreach (var known in found)
        {
            if (name.SequenceEqual(known)) return;
        }
        found.Add(name.ToString());
    }

    [GeneratedRegex(@",\s*(?:and|or)\s+|\s+(?:and|or)\s+|,\s*")]
    private static partial Regex ExpressionSeparator();

    [GeneratedRegex(@"/usr/share/common-licenses/([0-9A-Za-z_.+-]*[0-9A-Za-z+])")]
    private static partial Regex CommonLicense();
}
