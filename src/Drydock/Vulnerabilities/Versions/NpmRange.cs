using System.Text.RegularExpressions;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// A node-semver range (github.com/npm/node-semver, "Ranges"): <c>||</c> alternatives of space-separated comparators,
/// hyphen ranges, X-ranges (<c>1.x</c>, <c>1.2.*</c>, <c>1</c>), tilde and caret ranges, desugared as node-semver does.
/// A pre-release version satisfies a set only if a comparator of that set has a pre-release on the same
/// major.minor.patch (node-semver's default, includePrerelease false). Commas count as spaces (advisory data).
/// </summary>
internal sealed partial class NpmRange
{
    private readonly List<List<Comparator>> _sets;

    private NpmRange(List<List<Comparator>> sets) => _sets = sets;

    private sealed record Comparator(string Op, SemverVersion? Version); // Version null = any

    [GeneratedRegex(@"^\s*([v=\s]*)?(\d+|[xX*])(?:\.(\d+|[xX*])(?:\.(\d+|[xX*])(?:-?([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Partial();

    [GeneratedRegex(@"^\s*(.*?)\s+-\s+(.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Hyphen();

    [GeneratedRegex(@"(~>?|\^|<=|>=|<|>|=)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex OperatorSpace();

    public static NpmRange Parse(string range)
    {
        var sets = new List<List<Comparator>>();
        foreach (var alternative in range.Split("||"))
        {
            var set = new List<Comparator>();
            var hyphen = Hyphen().Match(alternative);
            if (hyphen.Success)
            {
                AddHyphen(set, hyphen.Groups[1].Value, hyphen.Groups[2].Value);
            }
            else
            {
                // node-semver joins an operator to its version ("> 1.2" is ">1.2"); a comma is read as the
                // whitespace between comparators, as advisory data (GHSA ">= 1.0, < 2.0") writes ranges.
                var text = OperatorSpace().Replace(alternative.Replace(',', ' ').Replace('\t', ' ').Trim(), "$1");
                foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) AddComparator(set, token);
            }
            if (set.Count == 0) set.Add(new Comparator(">=", null));
            sets.Add(set);
        }
        return new NpmRange(sets);
    }

    public bool IsSatisfiedBy(string version)
    {
        var v = NpmVersionComparer.Parse(version);
        return v is not null && _sets.Exists(set => Satisfies(set, v));
    }

    private static bool Satisfies(List<Comparator> set, SemverVersion v)
    {
        foreach (var c in set)
        {
            if (c.Version is null) continue;
            var r = v.CompareTo(c.Version);
            var ok = c.Op switch { "<" => r < 0, "<=" => r <= 0, ">" => r > 0, ">=" => r >= 0, _ => r == 0 };
            if (!ok) return false;
        }
        if (v.Prerelease.Length == 0) return true;
        // Pre-releases only match a comparator set that names a pre-release of the same major.minor.patch.
        return set.Exists(c => c.Version is { Prerelease.Length: > 0 } cv && cv.Release.SequenceEqual(v.Release));
    }

    private static void AddComparator(List<Comparator> set, string token)
    {
        var op = token switch
        {
            _ when token.StartsWith("~>", StringComparison.Ordinal) => "~",
            _ when token.StartsWith(">=", StringComparison.Ordinal) || token.StartsWith("<=", StringComparison.Ordinal) => token[..2],
            _ when token.Length > 0 && token[0] is '~' or '^' or '<' or '>' or '=' => token[..1],
            _ => "",
        };
        var rest = token[(op == "~" && token.StartsWith("~>", StringComparison.Ordinal) ? 2 : op.Length)..];
        var p = ReadPartial(rest);
        switch (op)
        {
            case "~": Tilde(set, p); break;
            case "^": Caret(set, p); break;
            default: XRange(set, op == "=" ? "" : op, p); break;
        }
    }

    private sealed record PartialVersion(string? Major, string? Minor, string? Patch, string[] Pre);

    private static PartialVersion ReadPartial(string text)
    {
        var m = Partial().Match(text);
        if (!m.Success) throw new FormatException($"invalid npm range comparator: '{text}'");
        static string? X(Group g) => !g.Success || g.Value is "x" or "X" or "*" ? null : g.Value;
        return new PartialVersion(X(m.Groups[2]), X(m.Groups[3]), X(m.Groups[4]),
            m.Groups[5].Success ? m.Groups[5].Value.Split('.') : []);
    }

    private static SemverVersion V(long major, long minor, long patch, params string[] pre) =>
        new([major.ToString(System.Globalization.CultureInfo.InvariantCulture), minor.ToString(System.Globalization.CultureInfo.InvariantCulture), patch.ToString(System.Globalization.CultureInfo.InvariantCulture)], pre, "");

    private static long N(string s) => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static void XRange(List<Comparator> set, string op, PartialVersion p)
    {
        if (p.Major is null)
        {
            set.Add(op is ">" or "<" ? new Comparator("<", V(0, 0, 0, "0")) : new Comparator(">=", null));
            return;
        }
        long major = N(p.Major), minor = p.Minor is null ? 0 : N(p.Minor), patch = p.Patch is null ? 0 : N(p.Patch);
        var anyX = p.Minor is null || p.Patch is null;
        if (op.Length > 0 && anyX)
        {
            string[] pre = [];
            if (op == ">")
            {
                op = ">=";
                if (p.Minor is null) (major, minor, patch) = (major + 1, 0, 0);
                else (minor, patch) = (minor + 1, 0);
            }
            else if (op == "<=")
            {
                op = "<";
                if (p.Minor is null) (major, minor, patch) = (major + 1, 0, 0);
                else (minor, patch) = (minor + 1, 0);
            }
            if (op == "<") pre = ["0"];
            set.Add(new Comparator(op, V(major, minor, patch, pre)));
        }
        else if (p.Minor is null)
        {
            set.Add(new Comparator(">=", V(major, 0, 0)));
            set.Add(new Comparator("<", V(major + 1, 0, 0, "0")));
        }
        else if (p.Patch is null)
        {
            set.Add(new Comparator(">=", V(major, minor, 0)));
            set.Add(new Comparator("<", V(major, minor + 1, 0, "0")));
        }
        else
        {
            set.Add(new Comparator(op.Length == 0 ? "=" : op, V(major, minor, patch, p.Pre)));
        }
    }

    // ~1.2.3 := >=1.2.3 <1.3.0-0; ~1.2 := >=1.2.0 <1.3.0-0; ~1 := >=1.0.0 <2.0.0-0.
    private static void Tilde(List<Comparator> set, PartialVersion p)
    {
        if (p.Major is null) { set.Add(new Comparator(">=", null)); return; }
        var major = N(p.Major);
        if (p.Minor is null) { XRange(set, "", p); return; }
        var minor = N(p.Minor);
        set.Add(new Comparator(">=", V(major, minor, p.Patch is null ? 0 : N(p.Patch), p.Pre)));
        set.Add(new Comparator("<", V(major, minor + 1, 0, "0")));
    }

    // ^ allows changes that do not modify the left-most non-zero part.
    private static void Caret(List<Comparator> set, PartialVersion p)
    {
        if (p.Major is null) { set.Add(new Comparator(">=", null)); return; }
        var major = N(p.Major);
        if (p.Minor is null) { XRange(set, "", p); return; }
        var minor = N(p.Minor);
        if (p.Patch is null)
        {
            set.Add(new Comparator(">=", V(major, minor, 0)));
            set.Add(new Comparator("<", major == 0 ? V(0, minor + 1, 0, "0") : V(major + 1, 0, 0, "0")));
            return;
        }
        var patch = N(p.Patch);
        set.Add(new Comparator(">=", V(major, minor, patch, p.Pre)));
        set.Add(new Comparator("<", major != 0 ? V(major + 1, 0, 0, "0")
            : minor != 0 ? V(0, minor + 1, 0, "0") : V(0, 0, patch + 1, "0")));
    }

    // "1.2 - 2.3.4" := >=1.2.0 <=2.3.4; a partial upper bound is exclusive of the next version.
    private static void AddHyphen(List<Comparator> set, string from, string to)
    {
        var f = ReadPartial(from);
        if (f.Major is not null)
        {
            set.Add(new Comparator(">=", V(N(f.Major), f.Minor is null ? 0 : N(f.Minor), f.Patch is null ? 0 : N(f.Patch),
                f.Minor is not null && f.Patch is not null ? f.Pre : [])));
        }
        var t = ReadPartial(to);
        if (t.Major is null) return;
        if (t.Minor is null) set.Add(new Comparator("<", V(N(t.Major) + 1, 0, 0, "0")));
        else if (t.Patch is null) set.Add(new Comparator("<", V(N(t.Major), N(t.Minor) + 1, 0, "0")));
        else set.Add(new Comparator("<=", V(N(t.Major), N(t.Minor), N(t.Patch), t.Pre)));
    }
}
