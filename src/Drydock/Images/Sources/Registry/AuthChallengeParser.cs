using System.Text;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Parses <c>WWW-Authenticate</c> values (RFC 7235 §4.1, RFC 9110 §11.6.1): <c>scheme param=value, param="quoted, value"</c>,
/// several challenges per header. Quoted-strings may contain commas and backslash escapes; parameter names are case-insensitive.
/// </summary>
public static class AuthChallengeParser
{
    public static IReadOnlyList<AuthChallenge> Parse(string header)
    {
        var challenges = new List<AuthChallenge>();
        var i = 0;
        string? scheme = null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (i < header.Length)
        {
            SkipSeparators(header, ref i);
            if (i >= header.Length) break;
            var token = ReadToken(header, ref i);
            if (token.Length == 0)
            {
                i++; // a stray '=' or '"': skip it rather than loop
                continue;
            }
            SkipSpaces(header, ref i);
            if (i < header.Length && header[i] == '=' && scheme is not null)
            {
                i++;
                SkipSpaces(header, ref i);
                parameters[token] = i < header.Length && header[i] == '"' ? ReadQuoted(header, ref i) : ReadToken(header, ref i);
                continue;
            }
            // A bare token starts a new challenge (token68 forms such as "Negotiate abc==" are not used by registries).
            if (scheme is not null) challenges.Add(new AuthChallenge(scheme, parameters));
            scheme = token;
            parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }
        if (scheme is not null) challenges.Add(new AuthChallenge(scheme, parameters));
        return challenges;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t') i++;
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',') i++;
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"')) i++;
        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var sb = new StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length) i++;
            sb.Append(s[i]);
            i++;
        }
        if (i < s.Length) i++; // closing quote
        return sb.ToString();
    }
}
