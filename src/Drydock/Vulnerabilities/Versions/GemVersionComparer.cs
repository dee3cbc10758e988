using System.Text.RegularExpressions;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// RubyGems versions as Gem::Version orders them (rubygems lib/rubygems/version.rb): "-" reads as ".pre.", the string is
/// cut into numeric and alphabetic segments, trailing zero segments are dropped (of the release and of the
/// pre-release part), missing segments are 0, and a string segment sorts before a number (so any letter makes a
/// pre-release). A platform suffix from a lockfile or gem file name (<c>1.2.0-x86_64-linux</c>) is removed first.
/// </summary>
public sealed partial class GemVersionComparer : IVersionComparer
{
    // Gem::Version::ANCHORED_VERSION_PATTERN.
    [GeneratedRegex(@"^\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    // Gem::Platform CPU names as they appear in platform-specific gem versions (arch-os[-version]).
    [GeneratedRegex(@"-(x86|x86_64|x64|i386|i486|i586|i686|universal|arm|arm64|armv\d+\w*|aarch64|powerpc|ppc64le|s390x|java|jruby|dalvik\d*|mswin\w*|mingw\w*|x64_mingw\w*)(-.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Platform();

    [GeneratedRegex(@"[0-9]+|[a-zA-Z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();

    public string Scheme => "gem";

    public int Compare(string a, string b)
    {
        var x = Segments(a);
        var y = Segments(b);
        for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
        {
            var l = i < x.Count ? x[i] : "0";
            var r = i < y.Count ? y[i] : "0";
            var ln = char.IsAsciiDigit(l[0]);
            var rn = char.IsAsciiDigit(r[0]);
            if (ln && rn)
            {
                var c = SemverVersion.CompareNumeric(l, r);
                if (c != 0) return c;
                continue;
            }
            if (l == r) continue;
            if (!ln && rn) return -1;
            if (ln && !rn) return 1;
            return Math.Sign(string.CompareOrdinal(l, r));
        }
        return 0;
    }

    public bool IsValid(string version) => Valid().IsMatch(StripPlatform(version));

    /// <summary>Gem::Version#canonical_segments of <paramref name="version"/> (platform removed).</summary>
    private static List<string> Segments(string version)
    {
        var v = StripPlatform(version).Trim();
        if (!Valid().IsMatch(v)) throw new FormatException($"invalid gem version: '{version}'");
        if (v.Length == 0) v = "0";
        var all = Segment().Matches(v.Replace("-", ".pre.", StringComparison.Ordinal)).Select(m => m.Value).ToList();
        var firstString = all.FindIndex(s => !char.IsAsciiDigit(s[0]));
        var release = firstString < 0 ? all : all[..firstString];
        var pre = firstString < 0 ? [] : all[firstString..];
        return [.. DropTrailingZeros(release), .. DropTrailingZeros(pre)];
    }

    private static List<string> DropTrailingZeros(List<string> segments)
    {
        var n = segments.Count;
        while (n > 0 && segments[n - 1].All(c => c == '0')) n--;
        return segments[..n];
    }

    private static string StripPlatform(string version) => Platform().Replace(version, "");
}
