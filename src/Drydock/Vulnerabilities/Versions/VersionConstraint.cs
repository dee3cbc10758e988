namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// A parsed version constraint of one scheme. Syntax per scheme: <c>npm</c> node-semver ranges, <c>pep440</c> PEP 440
/// specifiers; every other scheme the comparator syntax used by advisory feeds (grype): terms joined by <c>,</c> must
/// all hold, alternatives joined by <c>||</c>; an empty constraint matches every version.
/// </summary>
public sealed class VersionConstraint
{
    private readonly Func<string, bool> _predicate;

    private VersionConstraint(string scheme, string text, Func<string, bool> predicate)
    {
        Scheme = scheme;
        Text = text;
        _predicate = predicate;
    }

    public string Scheme { get; }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/> in <paramref name="scheme"/>'s syntax; FormatException when malformed, UsageException for an unknown scheme.</summary>
    public static VersionConstraint Parse(string scheme, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var comparer = VersionComparers.Get(scheme);
        Func<string, bool> predicate = comparer.Scheme switch
        {
            "npm" => NpmRange.Parse(text).IsSatisfiedBy,
            "pep440" => Pep440Specifiers.Parse(text).IsSatisfiedBy,
            _ => ParseComparators(text, comparer),
        };
        return new VersionConstraint(comparer.Scheme, text, predicate);
    }

    /// <summary>
    /// Parses the comparator syntax (<c>&gt;= 1.0, &lt; 2.0 || = 3.1</c>) whatever the scheme, with the scheme's
    /// ordering; this is the form advisory feeds and grype use for every ecosystem.
    /// </summary>
    public static VersionConstraint ParseComparators(string scheme, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var comparer = VersionComparers.Get(scheme);
        return new VersionConstraint(comparer.Scheme, text, ParseComparators(text, comparer));
    }

    /// <summary>True when <paramref name="version"/> satisfies the constraint.</summary>
    public bool IsSatisfiedBy(string version) => _predicate(version);

    public override string ToString() => Text;

    // Grype's comparator syntax: "||" separates alternatives, "," separates terms that must all hold.
    private static Func<string, bool> ParseComparators(string text, IVersionComparer comparer)
    {
        if (text.Trim().Length == 0) return _ => true;
        var alternatives = text.Split("||")
            .Select(alt => alt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(VersionComparison.Parse).ToArray())
            .ToArray();
        if (alternatives.Any(a => a.Length == 0)) throw new FormatException($"empty alternative in constraint '{text}'");
        return v => alternatives.Any(all => all.All(term => term.IsSatisfiedBy(v, comparer)));
    }
}
