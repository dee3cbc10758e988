namespace Drydock.Vulnerabilities.Versions;

/// <summary>One term of a comparator constraint, e.g. <c>&lt; 2.0</c>.</summary>
public sealed record VersionComparison(VersionOperator Operator, string Version)
{
    /// <summary>True when <paramref name="candidate"/> stands in this relation to <see cref="Version"/>.</summary>
    public bool IsSatisfiedBy(string candidate, IVersionComparer comparer)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        // PEP 440: a bound without a local part compares the candidate's public version ("2.0+cgr.1" == "2.0").
        if (comparer is Pep440Comparer && !Version.Contains('+', StringComparison.Ordinal))
            candidate = candidate.Split('+')[0];
        var c = comparer.Compare(candidate, Version);
        return Operator switch
        {
            VersionOperator.Equal => c == 0,
            VersionOperator.NotEqual => c != 0,
            VersionOperator.Less => c < 0,
            VersionOperator.LessOrEqual => c <= 0,
            VersionOperator.Greater => c > 0,
            _ => c >= 0,
        };
    }

    /// <summary>Parses <c>[op] version</c> (ops: = == != &lt; &lt;= &gt; &gt;=; none means =; quotes around the version are dropped).</summary>
    public static VersionComparison Parse(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var t = term.Trim();
        (VersionOperator op, int length) = t switch
        {
            _ when t.StartsWith(">=", StringComparison.Ordinal) => (VersionOperator.GreaterOrEqual, 2),
            _ when t.StartsWith("<=", StringComparison.Ordinal) => (VersionOperator.LessOrEqual, 2),
            _ when t.StartsWith("!=", StringComparison.Ordinal) => (VersionOperator.NotEqual, 2),
            _ when t.StartsWith("==", StringComparison.Ordinal) => (VersionOperator.Equal, 2),
            _ when t.StartsWith('>') => (VersionOperator.Greater, 1),
            _ when t.StartsWith('<') => (VersionOperator.Less, 1),
            _ when t.StartsWith('=') => (VersionOperator.Equal, 1),
            _ => (VersionOperator.Equal, 0),
        };
        var version = t[length..].Trim().Trim('"', '\'').Trim();
        if (version.Length == 0) throw new FormatException($"constraint term '{term}' has no version");
        return new VersionComparison(op, version);
    }
}
