namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// RPM <c>[epoch:]version[-release]</c> strings ordered as rpm's <c>rpmVersionCompare</c> does: epoch numerically
/// (missing = 0), then version and release with <see cref="CompareSegment"/> (rpmvercmp). A release missing on one
/// side is not compared (rpm's rpmverCmp: "1.0" matches any "1.0-N"), which is how advisories name a bare version.
/// </summary>
public sealed class RpmVersionComparer : IVersionComparer
{
    public string Scheme => "rpm";

    public int Compare(string a, string b)
    {
        var x = RpmEvr.Parse(a) ?? throw new FormatException($"invalid rpm version: '{a}'");
        var y = RpmEvr.Parse(b) ?? throw new FormatException($"invalid rpm version: '{b}'");
        return x.CompareTo(y);
    }

    public bool IsValid(string version) => RpmEvr.Parse(version) is not null;

    /// <summary>
    /// rpm's <c>rpmvercmp</c> (rpmio/rpmvercmp.c): split into alphabetic and numeric runs, ignore other separators;
    /// numbers compare numerically and beat letters; <c>~</c> sorts before everything (even the end), <c>^</c> after
    /// the end but before anything else. Returns -1, 0 or 1.
    /// </summary>
    public static int CompareSegment(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && !IsAlnum(a[i]) && a[i] != '~' && a[i] != '^') i++;
            while (j < b.Length && !IsAlnum(b[j]) && b[j] != '~' && b[j] != '^') j++;

            var ca = i < a.Length ? a[i] : '\0';
            var cb = j < b.Length ? b[j] : '\0';
            if (ca == '~' || cb == '~')
            {
                if (ca != '~') return 1;
                if (cb != '~') return -1;
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^')
            {
                if (i >= a.Length) return -1;
                if (j >= b.Length) return 1;
                if (ca != '^') return 1;
                if (cb != '^') return -1;
                i++;
                j++;
                continue;
            }
            if (i >= a.Length || j >= b.Length) break;

            int si = i, sj = j;
            var isNum = char.IsAsciiDigit(a[i]);
            if (isNum)
            {
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
            }
            else
            {
                while (i < a.Length && char.IsAsciiLetter(a[i])) i++;
                while (j < b.Length && char.IsAsciiLetter(b[j])) j++;
            }
            // The segments are of different types (one numeric, one alpha): numeric is newer.
            if (sj == j) return isNum ? 1 : -1;

            var sa = a.AsSpan(si, i - si);
            var sb = b.AsSpan(sj, j - sj);
            if (isNum)
            {
                sa = sa.TrimStart('0');
                sb = sb.TrimStart('0');
                if (sa.Length != sb.Length) return sa.Length > sb.Length ? 1 : -1;
            }
            var rc = sa.SequenceCompareTo(sb);
            if (rc != 0) return Math.Sign(rc);
        }
        if (i >= a.Length && j >= b.Length) return 0;
        return i >= a.Length ? -1 : 1;
    }

    private static bool IsAlnum(char c) => char.IsAsciiLetterOrDigit(c);
}
