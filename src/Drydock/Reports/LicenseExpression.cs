using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.Reports;

/// <summary>
/// Reads a license string from a package database as SPDX sees it (SPDX 2.3 Annex D, license expressions):
/// a single known id, a valid expression over known ids (<c>MIT OR Apache-2.0</c>, <c>GPL-2.0-or-later WITH
/// Classpath-exception-2.0</c>), or just a name (<c>Custom License</c>). Operators must be upper-case, as the
/// annex says; ids are matched case-insensitively and written in their canonical case.
/// </summary>
internal static partial class LicenseExpression
{
    public enum Kind
    {
        Id,
        Expression,
        Name,
    }

    /// <summary>Classifies <paramref name="text"/>; <paramref name="normalized"/> is the canonical id or expression, or the trimmed name.</summary>
    public static Kind Classify(string text, out string normalized)
    {
        normalized = text.Trim();
        if (SpdxLicenseIds.LicenseId(normalized) is { } id)
        {
            normalized = id;
            return Kind.Id;
        }
        var tokens = Tokens().Matches(normalized).Select(m => m.Value).ToList();
        var parser = new Parser(tokens);
        if (parser.Expression() && parser.AtEnd)
        {
            normalized = parser.Output.ToString();
            return Kind.Expression;
        }
        return Kind.Name;
    }

    /// <summary>A <c>LicenseRef-</c> id for a name: idstring is letters, digits, '.' and '-' (SPDX 2.3 §10.1).</summary>
    public static string LicenseRef(string name) =>
        "LicenseRef-" + new string(name.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray());

    [GeneratedRegex(@"\(|\)|[^\s()]+")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"^LicenseRef-[A-Za-z0-9.\-]+$")]
    private static partial Regex LicenseRefPattern();

    // expression := term (("AND" | "OR") term)* ; term := "(" expression ")" | license ["WITH" exception]
    private sealed class Parser(List<string> tokens)
    {
        private int position;

        public StringBuilder Output { get; } = new();

        public bool AtEnd => position == tokens.Count;

        public bool Expression()
        {
            if (!Term()) return false;
            while (Peek() is "AND" or "OR")
            {
                Output.Append(' ').Append(tokens[position++]).Append(' ');
                if (!Term()) return false;
            }
            return true;
        }

        private bool Term()
        {
            if (Peek() == "(")
            {
                position++;
                Output.Append('(');
                if (!Expression() || Peek() != ")") return false;
                position++;
                Output.Append(')');
                return true;
            }
            if (Peek() is not { } token || !License(token)) return false;
            position++;
            if (Peek() != "WITH") return true;
            position++;
            if (Peek() is not { } exception || SpdxLicenseIds.ExceptionId(exception) is not { } e) return false;
            position++;
            Output.Append(" WITH ").Append(e);
            return true;
        }

        private bool License(string token)
        {
            var plus = token.EndsWith('+') && token.Length > 1;
            var bare = plus ? token[..^1] : token;
            if (LicenseRefPattern().IsMatch(token))
            {
                Output.Append(token);
                return true;
            }
            // "GPL-2+" style aliases already carry "or later"; a '+' after a full id is SPDX's own "or later".
            var id = SpdxLicenseIds.LicenseId(token);
            if (id is null && plus && SpdxLicenseIds.LicenseId(bare) is { } bareId) id = bareId + "+";
            if (id is null) return false;
            Output.Append(id);
            return true;
        }

        private string? Peek() => position < tokens.Count ? tokens[position] : null;
    }
}
