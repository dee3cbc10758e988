using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.Tests;

public class GlobTests
{
    [Theory]
    [InlineData("telnet", "telnet", "/", true)]
    [InlineData("telnet", "telnetd", "/", false)]
    [InlineData("telnet*", "telnetd", "/", true)]
    [InlineData("*ssh*", "openssh-server", "/", true)]
    [InlineData("usr/bin/*", "usr/bin/passwd", "/", true)]
    [InlineData("usr/bin/*", "usr/bin/x/passwd", "/", false)]
    [InlineData("usr/**", "usr/bin/x/passwd", "/", true)]
    [InlineData("usr/**/passwd", "usr/bin/x/passwd", "/", true)]
    [InlineData("usr/**/passwd", "usr/passwd", "/", false)]
    [InlineData("usr/b?n/su", "usr/bin/su", "/", true)]
    [InlineData("usr/b?n/su", "usr/b/n/su", "/", false)]
    [InlineData("docker.io/library/*", "docker.io/library/debian:12", "/:", false)]
    [InlineData("docker.io/library/*:*", "docker.io/library/debian:12", "/:", true)]
    [InlineData("docker.io/**", "docker.io/library/debian:12", "/:", true)]
    [InlineData("", "", "/", true)]
    [InlineData("", "a", "/", false)]
    [InlineData("*", "", "/", true)]
    [InlineData("a.c", "abc", "/", false)] // ordinary characters are literal, '.' included
    [InlineData("a[b]c", "a[b]c", "/", true)]
    [InlineData("12\\.*", "12\\.x", "/", true)]
    public void IsMatch_ShellStylePatterns(string pattern, string text, string separators, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text, separators));

    [Fact]
    public void IsMatch_LongTextsAndManyStars_AnsweredWithoutBacktracking()
    {
        // Given: a pattern that sends a backtracking matcher exponential (and a 1 s regex timeout into an exception)
        var pattern = string.Concat(Enumerable.Repeat("*a", 40)) + "b";
        var text = new string('a', 5000);

        // When
        var matched = Glob.IsMatch(pattern, text);

        // Then
        Assert.False(matched);
        Assert.True(Glob.IsMatch(pattern, text + "b"));
    }

    [Fact]
    public void IsMatch_RandomPatternsAndTexts_SameAsTheRegexTranslation()
    {
        // Given: the regex translation Drydock used before (issue 17), as the oracle, on texts without '\n' (where
        // a regex's '.' and '$' differ from whole-string matching)
        var random = new Random(17);
        const string alphabet = "ab/:.x";
        const string patternAlphabet = "ab/:.x*?";
        string Draw(string from, int max)
        {
            var sb = new StringBuilder();
            for (var i = random.Next(max + 1); i > 0; i--) sb.Append(from[random.Next(from.Length)]);
            return sb.ToString();
        }

        // When / Then
        for (var round = 0; round < 20_000; round++)
        {
            var separators = round % 2 == 0 ? "/" : "/:";
            var pattern = Draw(patternAlphabet, 8);
            var text = Draw(alphabet, 10);
            Assert.True(
                Oracle(pattern, separators).IsMatch(text) == Glob.IsMatch(pattern, text, separators),
                $"pattern '{pattern}' text '{text}' separators '{separators}'");
        }
    }

    private static Regex Oracle(string pattern, string separators)
    {
        var notSep = "[^" + Regex.Escape(separators) + "]";
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
            }
            else if (pattern[i] == '*')
            {
                sb.Append(notSep).Append('*');
            }
            else if (pattern[i] == '?')
            {
                sb.Append(notSep);
            }
            else
            {
                sb.Append(Regex.Escape(pattern[i].ToString()));
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
