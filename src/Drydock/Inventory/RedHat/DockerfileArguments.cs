using System.Text;

namespace Drydock.Inventory.RedHat;

/// <summary>
/// The arguments of a Dockerfile <c>LABEL</c> or <c>ENV</c> (Dockerfile reference): <c>k=v k2="v 2"</c>, or the legacy
/// single pair <c>k v…</c> (first word without <c>=</c>). Double quotes and backslashes escape; single quotes are
/// literal; <c>$VAR</c> and <c>${VAR}</c> outside single quotes are replaced from the <c>ENV</c>s given (unknown: empty).
/// </summary>
internal static class DockerfileArguments
{
    public static IEnumerable<KeyValuePair<string, string>> KeyValues(string args, IReadOnlyDictionary<string, string> env)
    {
        var words = Words(args, env);
        if (words.Count == 0) yield break;
        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            yield return new(words[0], string.Join(' ', words.Skip(1)));
            yield break;
        }
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) yield return new(word[..eq], word[(eq + 1)..]);
        }
    }

    private static List<string> Words(string s, IReadOnlyDictionary<string, string> env)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (quote == '\0' && char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == quote) quote = '\0';
            else if (quote == '\0' && c is '"' or '\'') quote = c;
            else if (c == '\\' && quote != '\'' && i + 1 < s.Length) word.Append(s[++i]);
            else if (c == '$' && quote != '\'') i = Substitute(s, i, env, word);
            else word.Append(c);
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    // Appends the value of the variable that starts at s[i] ('$') and returns the index of its last character.
    private static int Substitute(string s, int i, IReadOnlyDictionary<string, string> env, StringBuilder into)
    {
        int start, end;
        if (i + 1 < s.Length && s[i + 1] == '{')
        {
            start = i + 2;
            end = s.IndexOf('}', start);
            if (end < 0) return Literal(into, i);
            into.Append(env.GetValueOrDefault(s[start..end].Split(':')[0]) ?? "");
            return end;
        }
        start = end = i + 1;
        while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] == '_')) end++;
        if (end == start) return Literal(into, i);
        into.Append(env.GetValueOrDefault(s[start..end]) ?? "");
        return end - 1;
    }

    private static int Literal(StringBuilder into, int i)
    {
        into.Append('$');
        return i;
    }
}
