namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// An rpm <c>[epoch:]version[-release]</c> (rpm's rpmver: the release is after the last '-', the epoch before the
/// first ':'). <see cref="Epoch"/> and <see cref="Release"/> are null when absent.
/// </summary>
public sealed record RpmEvr(long? Epoch, string Version, string? Release) : IComparable<RpmEvr>
{
    public static bool operator <(RpmEvr left, RpmEvr right) => left.CompareTo(right) < 0;

    public static bool operator <=(RpmEvr left, RpmEvr right) => left.CompareTo(right) <= 0;

    public static bool operator >(RpmEvr left, RpmEvr right) => left.CompareTo(right) > 0;

    public static bool operator >=(RpmEvr left, RpmEvr right) => left.CompareTo(right) >= 0;

    /// <summary>Parses an EVR; null when empty, with whitespace, or with a non-numeric epoch.</summary>
    public static RpmEvr? Parse(string raw)
    {
        var s = raw.Trim();
        if (s.Length == 0 || s.Any(char.IsWhiteSpace)) return null;
        long? epoch = null;
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var e = s[..colon];
            if (e.Length == 0 || !e.All(char.IsAsciiDigit) || !long.TryParse(e, out var n)) return null;
            epoch = n;
            s = s[(colon + 1)..];
        }
        var dash = s.LastIndexOf('-');
        var version = dash >= 0 ? s[..dash] : s;
        var release = dash >= 0 ? s[(dash + 1)..] : null;
        if (version.Length == 0 || release is { Length: 0 }) return null;
        return new RpmEvr(epoch, version, release);
    }

    /// <summary>rpmverCmp: epoch (missing = 0), version, then release only when both sides have one.</summary>
    public int CompareTo(RpmEvr? other)
    {
        if (other is null) return 1;
        var c = (Epoch ?? 0).CompareTo(other.Epoch ?? 0);
        if (c != 0) return Math.Sign(c);
        c = RpmVersionComparer.CompareSegment(Version, other.Version);
        if (c != 0 || Release is null || other.Release is null) return c;
        return RpmVersionComparer.CompareSegment(Release, other.Release);
    }

    public override string ToString() =>
        (Epoch is { } e ? e + ":" : "") + Version + (Release is { } r ? "-" + r : "");
}
