using System.Globalization;
using System.Text.RegularExpressions;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// A PEP 440 version (packaging.version.Version), normalised: pre-release spellings a/alpha, b/beta, rc/c/pre/preview,
/// post spellings post/rev/r and "-N", separators '-', '_', '.' optional, case-insensitive, leading 'v' allowed.
/// </summary>
internal sealed partial record Pep440Version(
    long Epoch, long[] Release, (string Label, long Number)? Pre, long? Post, long? Dev, string[]? Local)
{
    // PEP 440 Appendix B, VERSION_PATTERN.
    [GeneratedRegex(@"^\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?<pre>[-_\.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\.]?(?<pre_n>[0-9]+)?)?(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\.]?(?<post_l>post|rev|r)[-_\.]?(?<post_n2>[0-9]+)?))?(?<dev>[-_\.]?(?<dev_l>dev)[-_\.]?(?<dev_n>[0-9]+)?)?)(?:\+(?<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();

    public bool IsPrerelease => Pre is not null || Dev is not null;

    public bool IsPostrelease => Post is not null;

    /// <summary>The version without its local part.</summary>
    public Pep440Version Public => this with { Local = null };

    /// <summary>Epoch and release only (packaging's base_version).</summary>
    public Pep440Version Base => new(Epoch, Release, null, null, null, null);

    public static Pep440Version? Parse(string text)
    {
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        try
        {
            (string, long)? pre = m.Groups["pre"].Success
                ? (m.Groups["pre_l"].Value.ToLowerInvariant() switch
                {
                    "alpha" or "a" => "a",
                    "beta" or "b" => "b",
                    _ => "rc",
                }, Number(m.Groups["pre_n"]))
                : null;
            long? post = m.Groups["post"].Success
                ? (m.Groups["post_n1"].Success ? Number(m.Groups["post_n1"]) : Number(m.Groups["post_n2"]))
                : null;
            long? dev = m.Groups["dev"].Success ? Number(m.Groups["dev_n"]) : null;
            var local = m.Groups["local"].Success
                ? m.Groups["local"].Value.ToLowerInvariant().Split('-', '_', '.')
                : null;
            return new Pep440Version(
                m.Groups["epoch"].Success ? Number(m.Groups["epoch"]) : 0,
                [.. m.Groups["release"].Value.Split('.').Select(s => long.Parse(s, CultureInfo.InvariantCulture))],
                pre, post, dev, local);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static long Number(Group g) => g.Success ? long.Parse(g.Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>packaging's _cmpkey order.</summary>
    public int CompareTo(Pep440Version o)
    {
        var c = Epoch.CompareTo(o.Epoch);
        if (c != 0) return Math.Sign(c);
        var n = Math.Max(Release.Length, o.Release.Length);
        for (var i = 0; i < n; i++)
        {
            c = (i < Release.Length ? Release[i] : 0).CompareTo(i < o.Release.Length ? o.Release[i] : 0);
            if (c != 0) return Math.Sign(c);
        }
        c = PreKey().CompareTo(o.PreKey());
        if (c != 0) return Math.Sign(c);
        c = (Post ?? -1).CompareTo(o.Post ?? -1);
        if (c != 0) return Math.Sign(c);
        c = (Dev ?? long.MaxValue).CompareTo(o.Dev ?? long.MaxValue);
        if (c != 0) return Math.Sign(c);
        return CompareLocal(Local, o.Local);
    }

    // A ".devN" of a final release sorts before its pre-releases; no pre-release sorts after them all.
    private (int Rank, string Label, long Number) PreKey() =>
        Pre is { } p ? (1, p.Label, p.Number) : Post is null && Dev is not null ? (0, "", 0) : (2, "", 0);

    // No local < any local; segment-wise, numbers beat strings, strings compare alphabetically, shorter is older.
    private static int CompareLocal(string[]? a, string[]? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var an = a[i].All(char.IsAsciiDigit);
            var bn = b[i].All(char.IsAsciiDigit);
            var c = an && bn ? SemverVersion.CompareNumeric(a[i], b[i])
                : an ? 1 : bn ? -1 : Math.Sign(string.CompareOrdinal(a[i], b[i]));
            if (c != 0) return c;
        }
        return Math.Sign(a.Length.CompareTo(b.Length));
    }
}
