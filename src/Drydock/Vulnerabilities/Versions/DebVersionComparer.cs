namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// Debian package versions, <c>[epoch:]upstream[-revision]</c>, ordered exactly as dpkg does (deb-version(7),
/// dpkg lib/dpkg/version.c <c>dpkg_version_compare</c>/<c>verrevcmp</c>): epoch numerically, then upstream and revision
/// by alternating non-digit runs (letters before non-letters, <c>~</c> before everything, even the end) and digit runs
/// (numerically). A missing epoch is 0, a missing revision is the empty string.
/// </summary>
public sealed class DebVersionComparer : IVersionComparer
{
    public string Scheme => "deb";

    // Splits both versions into spans over the original strings (no substrings): a scan compares each installed
    // version against every statement of its package (bench 'match').
    public int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!TrySplit(a, out var xEpoch, out var xUpstream, out var xRevision)) throw new FormatException($"invalid deb version: '{a}'");
        if (!TrySplit(b, out var yEpoch, out var yUpstream, out var yRevision)) throw new FormatException($"invalid deb version: '{b}'");
        var c = xEpoch.CompareTo(yEpoch);
        if (c == 0) c = CompareFragment(a.AsSpan(xUpstream.Start, xUpstream.Length), b.AsSpan(yUpstream.Start, yUpstream.Length));
        if (c == 0) c = CompareFragment(a.AsSpan(xRevision.Start, xRevision.Length), b.AsSpan(yRevision.Start, yRevision.Length));
        return Math.Sign(c);
    }

    // The lenient form of Parse (what dpkg's parseversion rejects) on spans: (start, length) of upstream and revision.
    private static bool TrySplit(string raw, out long epoch, out (int Start, int Length) upstream, out (int Start, int Length) revision)
    {
        epoch = 0;
        upstream = revision = default;
        var s = raw.AsSpan().Trim();
        var offset = raw.Length - raw.AsSpan().TrimStart().Length;
        if (s.Length == 0) return false;
        foreach (var c in s)
            if (char.IsWhiteSpace(c)) return false;
        var colon = s.IndexOf(':');
        if (colon >= 0)
        {
            var e = s[..colon];
            if (e.Length == 0 || e.ContainsAnyExceptInRange('0', '9') || !long.TryParse(e, out epoch)) return false;
            s = s[(colon + 1)..];
            offset += colon + 1;
        }
        var dash = s.LastIndexOf('-');
        var upLength = dash >= 0 ? dash : s.Length;
        var revLength = dash >= 0 ? s.Length - dash - 1 : 0;
        if (upLength == 0 || (dash >= 0 && revLength == 0)) return false;
        upstream = (offset, upLength);
        revision = dash >= 0 ? (offset + dash + 1, revLength) : (offset, 0);
        return true;
    }

    public bool IsValid(string version) => Parse(version, strict: true) is not null;

    /// <summary>dpkg's <c>verrevcmp</c> on one upstream or revision string (no epoch/revision splitting).</summary>
    public static int CompareFragment(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var firstDiff = 0;
            while ((i < a.Length && !IsDigit(a[i])) || (j < b.Length && !IsDigit(b[j])))
            {
                var ac = Order(a, i);
                var bc = Order(b, j);
                if (ac != bc) return Math.Sign(ac - bc);
                i++;
                j++;
            }
            while (i < a.Length && a[i] == '0') i++;
            while (j < b.Length && b[j] == '0') j++;
            while (i < a.Length && IsDigit(a[i]) && j < b.Length && IsDigit(b[j]))
            {
                if (firstDiff == 0) firstDiff = a[i] - b[j];
                i++;
                j++;
            }
            if (i < a.Length && IsDigit(a[i])) return 1;
            if (j < b.Length && IsDigit(b[j])) return -1;
            if (firstDiff != 0) return Math.Sign(firstDiff);
        }
        return 0;
    }

    // dpkg's order(): digits (and the end) 0, letters their code, '~' -1, anything else code + 256.
    private static int Order(ReadOnlySpan<char> s, int i)
    {
        if (i >= s.Length) return 0;
        var c = s[i];
        if (IsDigit(c)) return 0;
        if (char.IsAsciiLetter(c)) return c;
        if (c == '~') return -1;
        return c + 256;
    }

    private static bool IsDigit(char c) => char.IsAsciiDigit(c);

    private sealed record DebVersion(long Epoch, string Upstream, string Revision);

    // dpkg parseversion: an unsigned numeric epoch and a non-empty upstream are errors (Compare throws); the
    // deb-version(7) character rules (upstream starts with a digit, holds [A-Za-z0-9.+~-] and ':' only with an epoch;
    // revision holds [A-Za-z0-9.+~]) are only warnings in dpkg, so they are enforced by IsValid (strict) alone.
    private static DebVersion? Parse(string raw, bool strict)
    {
        var s = raw.Trim();
        if (s.Length == 0 || s.Any(char.IsWhiteSpace)) return null;
        long epoch = 0;
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var e = s[..colon];
            if (e.Length == 0 || !e.All(char.IsAsciiDigit) || !long.TryParse(e, out epoch)) return null;
            s = s[(colon + 1)..];
        }
        var dash = s.LastIndexOf('-');
        var upstream = dash >= 0 ? s[..dash] : s;
        var revision = dash >= 0 ? s[(dash + 1)..] : "";
        if (upstream.Length == 0 || (dash >= 0 && revision.Length == 0)) return null;
        if (!strict) return new DebVersion(epoch, upstream, revision);
        if (!char.IsAsciiDigit(upstream[0])) return null;
        if (!upstream.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~' or '-' || (c == ':' && colon >= 0))) return null;
        if (!revision.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~')) return null;
        return new DebVersion(epoch, upstream, revision);
    }
}
