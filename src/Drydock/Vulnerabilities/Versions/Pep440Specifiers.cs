using System.Text.RegularExpressions;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// PEP 440 version specifiers ("Version specifiers"; pypa/packaging.specifiers): <c>~= == != &lt;= &gt;= &lt; &gt; ===</c>,
/// prefix matching <c>==1.*</c>, local versions ignored unless the specifier has one, the exclusive-ordered rules
/// (<c>&lt;V</c> excludes pre-releases of V, <c>&gt;V</c> excludes post-releases and local versions of V). Clauses
/// are separated by commas or whitespace; <c>||</c> separates alternatives (as advisory data writes them). A bare
/// version, or one with a single <c>=</c>, means <c>==</c>; <c>*</c> matches every version. Pre-releases are not
/// filtered out (as go-pep440-version and advisory matching do; pip's default filtering is a resolver policy).
/// </summary>
internal sealed partial class Pep440Specifiers
{
    private readonly List<List<(string Op, string Version)>> _alternatives;

    private Pep440Specifiers(List<List<(string, string)>> alternatives) => _alternatives = alternatives;

    [GeneratedRegex(@"(~=|===|==|!=|<=|>=|<|>|=)?\s*([^\s,<>=~|!][^\s,<>=~|]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Clause();

    public static Pep440Specifiers Parse(string text)
    {
        var alternatives = new List<List<(string, string)>>();
        foreach (var alternative in text.Split("||"))
        {
            var clauses = new List<(string, string)>();
            var rest = alternative.Trim();
            foreach (Match m in Clause().Matches(rest))
            {
                var op = m.Groups[1].Success ? m.Groups[1].Value : "==";
                clauses.Add((op == "=" ? "==" : op, m.Groups[2].Value));
            }
            var consumed = Clause().Replace(rest, "").Replace(",", "", StringComparison.Ordinal).Trim();
            if (consumed.Length > 0) throw new FormatException($"invalid PEP 440 specifier: '{alternative.Trim()}'");
            alternatives.Add(clauses);
        }
        return new Pep440Specifiers(alternatives);
    }

    public bool IsSatisfiedBy(string version)
    {
        var v = Pep440Version.Parse(version);
        return _alternatives.Exists(all => all.TrueForAll(c => Holds(c.Op, c.Version, version, v)));
    }

    private static bool Holds(string op, string spec, string raw, Pep440Version? v)
    {
        if (op == "==" && spec == "*") return true; // "*" (any version), as advisory data writes it
        if (op == "===") return string.Equals(raw.Trim(), spec, StringComparison.OrdinalIgnoreCase);
        if (v is null) return false;
        return op switch
        {
            "==" => Equal(v, spec),
            "!=" => !Equal(v, spec),
            "~=" => Compatible(v, spec),
            "<=" => v.Public.CompareTo(Read(spec)) <= 0,
            ">=" => v.Public.CompareTo(Read(spec)) >= 0,
            "<" => Less(v, Read(spec)),
            _ => Greater(v, Read(spec)),
        };
    }

    private static Pep440Version Read(string spec) => Pep440Comparer.Read(spec);

    private static bool Equal(Pep440Version v, string spec)
    {
        if (spec.EndsWith(".*", StringComparison.Ordinal))
        {
            // Prefix match on the public version's release (trailing zeros kept), with pre/post/dev parts as items.
            var prefix = Split(Read(spec[..^2]));
            var candidate = Split(v.Public);
            while (candidate.Count < prefix.Count && prefix.Count - candidate.Count > 0 && IsReleaseOnly(candidate)) candidate.Add("0");
            return candidate.Count >= prefix.Count && candidate.Take(prefix.Count).SequenceEqual(prefix);
        }
        var s = Read(spec);
        return (s.Local is null ? v.Public : v).CompareTo(s) == 0;
    }

    // ~=V.N is >=V.N together with ==V.*.
    private static bool Compatible(Pep440Version v, string spec)
    {
        var s = Read(spec);
        if (s.Release.Length < 2) throw new FormatException($"'~={spec}' needs at least two release parts");
        if (v.Public.CompareTo(s) < 0) return false;
        var prefix = s.Base with { Release = s.Release[..^1] };
        return Split(v.Public).Take(prefix.Release.Length + 1).SequenceEqual(Split(prefix));
    }

    private static bool Less(Pep440Version v, Pep440Version s)
    {
        if (v.Public.CompareTo(s) >= 0) return false;
        return s.IsPrerelease || !v.IsPrerelease || v.Base.CompareTo(s.Base) != 0;
    }

    private static bool Greater(Pep440Version v, Pep440Version s)
    {
        if (v.CompareTo(s) <= 0) return false;
        if (!s.IsPostrelease && v.IsPostrelease && v.Base.CompareTo(s.Base) == 0) return false;
        return v.Local is null || v.Base.CompareTo(s.Base) != 0;
    }

    // packaging's _version_split: epoch, release parts, then the pre/post/dev parts as strings.
    private static List<string> Split(Pep440Version v)
    {
        var parts = new List<string> { v.Epoch + "!" };
        parts.AddRange(v.Release.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (v.Pre is { } pre) parts.Add(pre.Label + pre.Number);
        if (v.Post is { } post) parts.Add("post" + post);
        if (v.Dev is { } dev) parts.Add("dev" + dev);
        return parts;
    }

    private static bool IsReleaseOnly(List<string> parts) => parts.Skip(1).All(p => p.All(char.IsAsciiDigit));
}
