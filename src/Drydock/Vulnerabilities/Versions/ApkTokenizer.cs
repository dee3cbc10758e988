namespace Drydock.Vulnerabilities.Versions;

/// <summary>Token kinds of apk-tools' version grammar, in the order the grammar allows them to follow each other.</summary>
internal enum ApkToken
{
    Invalid = -1,
    DigitOrZero = 0,
    Digit = 1,
    Letter = 2,
    Suffix = 3,
    SuffixNo = 4,
    RevisionNo = 5,
    End = 6,
}

/// <summary>
/// apk-tools' <c>get_token</c>/<c>next_token</c> state machine over one version string: each call returns the value
/// of the current token and advances the type to the next token's kind.
/// </summary>
internal sealed class ApkTokenizer(string text)
{
    private static readonly string[] PreSuffixes = ["alpha", "beta", "pre", "rc"];
    private static readonly string[] PostSuffixes = ["cvs", "svn", "git", "hg", "p"];
    private int _pos;

    public ApkTokenizer Clone() => new(text) { _pos = _pos };

    private int Remaining => text.Length - _pos;

    public long Next(ref int type)
    {
        long v = 0;
        int i = 0;
        var nt = (int)ApkToken.Invalid;
        if (Remaining <= 0)
        {
            type = (int)ApkToken.End;
            return 0;
        }
        switch ((ApkToken)type)
        {
            // After a dot, leading zeros make the component a fraction: "1.01" < "1.1" (value = -zeros).
            case ApkToken.DigitOrZero when text[_pos] == '0':
                while (i < Remaining && text[_pos + i] == '0') i++;
                nt = (int)ApkToken.Digit;
                v = -i;
                break;
            case ApkToken.DigitOrZero:
            case ApkToken.Digit:
            case ApkToken.SuffixNo:
            case ApkToken.RevisionNo:
                while (i < Remaining && char.IsAsciiDigit(text[_pos + i]))
                {
                    v = unchecked((v * 10) + (text[_pos + i] - '0'));
                    i++;
                }
                break;
            case ApkToken.Letter:
                v = text[_pos + i];
                i++;
                break;
            case ApkToken.Suffix:
                // The suffix's kind stays Suffix until next_token sees a digit, so "_alpha_pre2" keeps comparing
                // as a chain of suffixes (apk-tools: 0.1.0_alpha_pre2 < 0.1.0_alpha).
                if (Match(PreSuffixes, out var pre, out i))
                {
                    v = pre - PreSuffixes.Length;
                    break;
                }
                if (Match(PostSuffixes, out var post, out i))
                {
                    v = post;
                    break;
                }
                type = (int)ApkToken.Invalid;
                return -1;
            default:
                type = (int)ApkToken.Invalid;
                return -1;
        }
        _pos += i;
        if (Remaining == 0) type = (int)ApkToken.End;
        else if (nt != (int)ApkToken.Invalid) type = nt;
        else NextType(ref type);
        return v;
    }

    private bool Match(string[] names, out int index, out int length)
    {
        for (index = 0; index < names.Length; index++)
        {
            if (string.CompareOrdinal(text, _pos, names[index], 0, names[index].Length) == 0 && names[index].Length <= Remaining)
            {
                length = names[index].Length;
                return true;
            }
        }
        length = 0;
        return false;
    }

    // next_token: classify the separator or character that starts the next token; a kind that may not follow the
    // current one (e.g. a letter after a suffix) makes the version invalid.
    private void NextType(ref int type)
    {
        var n = (int)ApkToken.Invalid;
        var c = text[_pos];
        if (c == '\0')
        {
            n = (int)ApkToken.End;
        }
        else if ((type == (int)ApkToken.Digit || type == (int)ApkToken.DigitOrZero) && char.IsAsciiLetterLower(c))
        {
            n = (int)ApkToken.Letter;
        }
        else if (type == (int)ApkToken.Letter && char.IsAsciiDigit(c))
        {
            n = (int)ApkToken.Digit;
        }
        else if (type == (int)ApkToken.Suffix && char.IsAsciiDigit(c))
        {
            n = (int)ApkToken.SuffixNo;
        }
        else
        {
            switch (c)
            {
                case '.': n = (int)ApkToken.DigitOrZero; break;
                case '_': n = (int)ApkToken.Suffix; break;
                case '-' when Remaining > 1 && text[_pos + 1] == 'r':
                    n = (int)ApkToken.RevisionNo;
                    _pos++;
                    break;
            }
            _pos++;
        }
        if (n < type &&
            !((n == (int)ApkToken.DigitOrZero && type == (int)ApkToken.Digit) ||
              (n == (int)ApkToken.Suffix && type == (int)ApkToken.SuffixNo) ||
              (n == (int)ApkToken.Digit && type == (int)ApkToken.Letter)))
        {
            n = (int)ApkToken.Invalid;
        }
        type = n;
    }
}
