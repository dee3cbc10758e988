using System.Text.RegularExpressions;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// A version read the way semver tools read it: numeric release parts (any count, missing ones are 0), an optional
/// pre-release (dot-separated identifiers) and build metadata (ignored for order). <see cref="ParseLenient"/>
/// also takes what advisories and grype write: a leading <c>v</c>, <c>1.21rc2</c>, <c>1.0.0.beta</c>.
/// </summary>
internal sealed partial record SemverVersion(string[] Release, string[] Prerelease, string Build)
{
    // semver.org's recommended regular expression (SemVer 2.0.0 §11-12 grammar).
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Strict();

    [GeneratedRegex(@"^[vV]?(\d+(?:\.\d+)*)(?:(?:-|\.(?=[A-Za-z])|(?=[A-Za-z]))([0-9A-Za-z.\-]*?))?(?:\+([0-9A-Za-z.\-]*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Lenient();

    /// <summary>Strict SemVer 2.0.0 (three numbers without leading zeros); null otherwise.</summary>
    public static SemverVersion? ParseStrict(string text)
    {
        var m = Strict().Match(text);
        if (!m.Success) return null;
        return new SemverVersion(
            [m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value],
            m.Groups[4].Success ? m.Groups[4].Value.Split('.') : [],
            m.Groups[5].Value);
    }

    /// <summary>The lenient reading used by advisories (see type summary); null when nothing numeric leads.</summary>
    public static SemverVersion? ParseLenient(string text)
    {
        var m = Lenient().Match(text.Trim());
        if (!m.Success) return null;
        var pre = m.Groups[2].Success && m.Groups[2].Value.Length > 0 ? m.Groups[2].Value.Split('.') : [];
        return new SemverVersion(m.Groups[1].Value.Split('.'), pre, m.Groups[3].Value);
    }

    /// <summary>SemVer 2.0.0 §11 precedence; release parts beyond the shorter side compare against 0.</summary>
    public int CompareTo(SemverVersion other, StringComparison labels = StringComparison.Ordinal)
    {
        for (var i = 0; i < Math.Max(Release.Length, other.Release.Length); i++)
        {
            var c = CompareNumeric(i < Release.Length ? Release[i] : "0", i < other.Release.Length ? other.Release[i] : "0");
            if (c != 0) return c;
        }
        // §11.3: a pre-release sorts before its release.
        if (Prerelease.Length == 0 || other.Prerelease.Length == 0)
        {
            if (Prerelease.Length == other.Prerelease.Length) return 0;
            return Prerelease.Length == 0 ? 1 : -1;
        }
        for (var i = 0; i < Math.Min(Prerelease.Length, other.Prerelease.Length); i++)
        {
            var c = CompareIdentifier(Prerelease[i], other.Prerelease[i], labels);
            if (c != 0) return c;
        }
        return Math.Sign(Prerelease.Length.CompareTo(other.Prerelease.Length));
    }

    // §11.4: numeric identifiers compare numerically and sort before alphanumeric ones, which compare in ASCII order.
    internal static int CompareIdentifier(string a, string b, StringComparison labels)
    {
        var an = a.Length > 0 && a.All(char.IsAsciiDigit);
        var bn = b.Length > 0 && b.All(char.IsAsciiDigit);
        if (an && bn) return CompareNumeric(a, b);
        if (an) return -1;
        if (bn) return 1;
        return Math.Sign(string.Compare(a, b, labels));
    }

    // Arbitrary-length digit strings: strip leading zeros, longer is larger, then ordinal.
    internal static int CompareNumeric(string a, string b)
    {
        var x = a.TrimStart('0');
        var y = b.TrimStart('0');
        if (x.Length != y.Length) return x.Length < y.Length ? -1 : 1;
        return Math.Sign(string.CompareOrdinal(x, y));
    }

    public override string ToString() =>
        string.Join('.', Release) + (Prerelease.Length > 0 ? "-" + string.Join('.', Prerelease) : "") +
        (Build.Length > 0 ? "+" + Build : "");
}
