namespace Drydock.Controls.Secrets;

/// <summary>
/// Finds secrets in text (an ENV value, a history command, a file) and masks them: the first four characters of a
/// value of 16 or more are kept, the rest is <c>*</c>; shorter values are masked whole. The generic rule only fires on
/// values that look random (Shannon entropy ≥ 3.0 bits/char), so <c>PASSWORD_FILE=/run/secrets/db</c> does not.
/// </summary>
public static class SecretScanner
{
    public static IReadOnlyList<SecretMatch> Scan(string text, IReadOnlyCollection<string> allowedRuleIds)
    {
        // All rules run, allowed ones included, in the order of SecretRules.All (specific formats before the generic
        // rule): a value already claimed by an earlier rule, allowed or not, is not reported again by a later one.
        var hits = new List<(SecretRule Rule, int Start, int End, string Value)>();
        foreach (var rule in SecretRules.All)
        {
            foreach (System.Text.RegularExpressions.Match m in rule.Pattern.Matches(text))
            {
                var g = m.Groups["secret"].Success ? m.Groups["secret"] : (System.Text.RegularExpressions.Group)m;
                if (rule.Id == GenericRuleId && (Entropy(g.Value) < 3.0 || LooksLikeReference(g.Value))) continue;
                if (hits.Any(h => h.Start < g.Index + g.Length && g.Index < h.End)) continue;
                hits.Add((rule, g.Index, g.Index + g.Length, g.Value));
            }
        }
        return hits
            .Where(h => !allowedRuleIds.Contains(h.Rule.Id))
            .Select(h => new SecretMatch(h.Rule.Id, h.Rule.Title, Mask(h.Rule.Id == "private-key" ? "-----BEGIN PRIVATE KEY-----" : h.Value), LineOf(text, h.Start)))
            .ToList();
    }

    private const string GenericRuleId = "generic-credential";

    public static string Mask(string value) =>
        value.Length >= 16 ? value[..4] + new string('*', Math.Min(12, value.Length - 4)) : new string('*', Math.Max(value.Length, 8));

    internal static double Entropy(string value)
    {
        if (value.Length == 0) return 0;
        var counts = value.GroupBy(c => c).Select(g => (double)g.Count() / value.Length);
        return -counts.Sum(p => p * Math.Log2(p));
    }

    private static bool LooksLikeReference(string value) =>
        value.StartsWith('/') || value.StartsWith("${", StringComparison.Ordinal) || value.StartsWith("file:", StringComparison.Ordinal)
        || value.Contains("changeme", StringComparison.OrdinalIgnoreCase) || value.All(c => char.IsLetter(c) || c == '_');

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++) if (text[i] == '\n') line++;
        return line;
    }
}
