namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// One affected range as the OSV schema's range events describe it: versions at or after <see cref="Introduced"/>
/// (null or "0" = from the first version) and before <see cref="Fixed"/> or at most <see cref="LastAffected"/>
/// (both null = every later version is affected).
/// </summary>
public sealed record AffectedRange(string? Introduced, string? Fixed = null, string? LastAffected = null)
{
    /// <summary>True when <paramref name="version"/> lies in the range under <paramref name="comparer"/>'s order.</summary>
    public bool Contains(string version, IVersionComparer comparer)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        if (Introduced is { Length: > 0 } introduced && introduced != "0" && comparer.Compare(version, introduced) < 0)
            return false;
        if (Fixed is { Length: > 0 } fixedIn && comparer.Compare(version, fixedIn) >= 0) return false;
        if (LastAffected is { Length: > 0 } last && comparer.Compare(version, last) > 0) return false;
        return true;
    }

    /// <summary>True when any of <paramref name="ranges"/> contains <paramref name="version"/> (an OSV package's ranges are alternatives).</summary>
    public static bool AnyContains(IEnumerable<AffectedRange> ranges, string version, IVersionComparer comparer)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        return ranges.Any(r => r.Contains(version, comparer));
    }
}
