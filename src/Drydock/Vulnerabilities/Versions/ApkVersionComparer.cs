namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// Alpine package versions ordered as apk-tools does (src/version.c): dot-separated numbers (a component with leading
/// zeros after a dot compares as a fraction), one optional letter, suffixes <c>_alpha _beta _pre _rc</c> (before the
/// release) and <c>_cvs _svn _git _hg _p</c> (after it), each with an optional number, then <c>-rN</c>.
/// </summary>
public sealed class ApkVersionComparer : IVersionComparer
{
    public string Scheme => "apk";

    public int Compare(string a, string b)
    {
        int at = (int)ApkToken.Digit, bt = (int)ApkToken.Digit;
        long av = 0, bv = 0;
        var x = new ApkTokenizer(a.Trim());
        var y = new ApkTokenizer(b.Trim());
        while (at == bt && at != (int)ApkToken.End && at != (int)ApkToken.Invalid && av == bv)
        {
            av = x.Next(ref at);
            bv = y.Next(ref bt);
        }
        if (av != bv) return av < bv ? -1 : 1;
        if (at == bt) return 0;

        // Leading components are equal: the longer version is newer unless what follows is a pre-release suffix.
        var tt = at;
        if (at == (int)ApkToken.Suffix && x.Clone().Next(ref tt) < 0) return -1;
        tt = bt;
        if (bt == (int)ApkToken.Suffix && y.Clone().Next(ref tt) < 0) return 1;
        if (at > bt) return -1;
        if (bt > at) return 1;
        return 0;
    }

    /// <summary>apk_version_validate: the tokens run to the end without an invalid transition.</summary>
    public bool IsValid(string version)
    {
        var t = (int)ApkToken.Digit;
        var tokenizer = new ApkTokenizer(version);
        if (version.Length == 0) return false;
        while (t != (int)ApkToken.End && t != (int)ApkToken.Invalid) tokenizer.Next(ref t);
        return t == (int)ApkToken.End;
    }
}
