using System.Text.RegularExpressions;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Finds license names in <c>usr/share/doc/&lt;pkg&gt;/copyright</c>. Machine-readable files (DEP-5,
/// https://dep-team.pages.debian.net/deps/dep5/) name them in <c>License:</c> fields, whose first line is a short
/// name or an expression (<c>GPL-1+ or Artistic, and BSD-4-clause</c>); free-form files usually point at
/// <c>/usr/share/common-licenses/&lt;name&gt;</c>. Both are collected, in order of first appearance, without guessing
/// from prose.
/// </summary>
internal static partial class DebianCopyrightParser
{
    public static IReadOnlyList<string> Parse(TextReader reader)
    {
        var found = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("License:", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var name in ExpressionSeparator().Split(line["License:".Length..].Trim()))
                {
                    Add(found, name.Trim().TrimEnd(',', '.').Trim());
                }
                continue;
            }
            foreach (Match m in CommonLicense().Matches(line)) Add(found, m.Groups[1].Value);
        }
        return found;
    }

    private static void Add(List<string> found, string name)
    {
        if (name.Length > 0 && name.Length <= 64 && !found.Contains(name, StringComparer.Ordinal)) found.Add(name);
    }

    [GeneratedRegex(@",\s*(?:and|or)\s+|\s+(?:and|or)\s+|,\s*")]
    private static partial Regex ExpressionSeparator();

    [GeneratedRegex(@"/usr/share/common-licenses/([0-9A-Za-z_.+-]*[0-9A-Za-z+])")]
    private static partial Regex CommonLicense();
}
