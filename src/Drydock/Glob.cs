namespace Drydock;

/// <summary>
/// Shell-style patterns for policy lists: <c>*</c> matches within one segment ('/' and ':' excluded for image
/// patterns, only '/' for paths), <c>**</c> across segments, <c>?</c> one character. Matching is ordinal and whole-string.
/// Patterns are matched directly (one pass per pattern token over the text's positions: time bounded by pattern ×
/// text length, no backtracking), not through <see cref="System.Text.RegularExpressions.Regex"/>: building a regex
/// for each pattern of the default policy took 2–3 ms of every scan's single-threaded tail (issue 17).
/// </summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text, string segmentSeparators = "/") =>
        Compile(pattern, segmentSeparators).IsMatch(text);

    /// <summary>The pattern, parsed once for matching many texts.</summary>
    public static GlobPattern Compile(string pattern, string segmentSeparators = "/")
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(segmentSeparators);
        return new GlobPattern(pattern, segmentSeparators);
    }
}

/// <summary>A parsed <see cref="Glob"/> pattern.</summary>
public sealed class GlobPattern
{
    private enum Kind : byte
    {
        Literal,
        OneChar,
        Segment,
        Anything,
    }

    private readonly (Kind Kind, char Char)[] _tokens;
    private readonly string _separators;

    internal GlobPattern(string pattern, string separators)
    {
        Pattern = pattern;
        _separators = separators;
        var tokens = new List<(Kind, char)>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                tokens.Add((Kind.Anything, '\0'));
                i++;
            }
            else if (c == '*')
            {
                tokens.Add((Kind.Segment, '\0'));
            }
            else if (c == '?')
            {
                tokens.Add((Kind.OneChar, '\0'));
            }
            else
            {
                tokens.Add((Kind.Literal, c));
            }
        }
        _tokens = [.. tokens];
    }

    public string Pattern { get; }

    /// <summary>Whether the whole of <paramref name="text"/> matches.</summary>
    public bool IsMatch(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var n = text.Length;
        // The text positions the tokens so far can end at, as two rows swapped per token.
        Span<bool> a = n < 512 ? stackalloc bool[n + 1] : new bool[n + 1];
        Span<bool> b = n < 512 ? stackalloc bool[n + 1] : new bool[n + 1];
        var at = a;
        var next = b;
        at.Clear();
        at[0] = true;
        foreach (var (kind, c) in _tokens)
        {
            next.Clear();
            var any = false;
            switch (kind)
            {
                case Kind.Literal:
                    for (var i = 0; i < n; i++)
                        if (at[i] && text[i] == c) any = next[i + 1] = true;
                    break;
                case Kind.OneChar:
                    for (var i = 0; i < n; i++)
                        if (at[i] && !IsSeparator(text[i])) any = next[i + 1] = true;
                    break;
                case Kind.Segment:
                    // From each reachable position, on over characters that are not separators.
                    var run = false;
                    for (var i = 0; i <= n; i++)
                    {
                        run = at[i] || (run && !IsSeparator(text[i - 1]));
                        if (run) any = next[i] = true;
                    }
                    break;
                case Kind.Anything:
                    var first = at.IndexOf(true);
                    if (first >= 0)
                    {
                        next[first..].Fill(true);
                        any = true;
                    }
                    break;
            }
            if (!any) return false;
            var swap = at;
            at = next;
            next = swap;
        }
        return at[n];
    }

    private bool IsSeparator(char c) => _separators.Contains(c, StringComparison.Ordinal);

    public override string ToString() => Pattern;
}
