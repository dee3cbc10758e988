using System.Text;
using System.Text.RegularExpressions;

namespace Drydock;

/// <summary>
/// Shell-style patterns for policy lists: <c>*</c> matches within one segment ('/' and ':' excluded for image
/// patterns, only '/' for paths), <c>**</c> across segments, <c>?</c> one character. Matching is ordinal and whole-string.
/// </summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text, string segmentSeparators = "/") =>
        ToRegex(pattern, segmentSeparators).IsMatch(text);

    public static Regex ToRegex(string pattern, string segmentSeparators = "/")
    {
        var notSep = "[^" + Regex.Escape(segmentSeparators).Replace("]", "\\]", StringComparison.Ordinal) + "]";
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                sb.Append(notSep).Append('*');
            }
            else if (c == '?')
            {
                sb.Append(notSep);
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
