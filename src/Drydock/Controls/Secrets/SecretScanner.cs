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
        var found = new List<SecretMatch>();
        foreach (var rule in SecretRules.All)
        {
            if (allowedRuleIds.Contains(rule.Id)) continue;
            foreach (System.Text.RegularExpressions.Match m in rule.Pattern.Matches(text))
            {
                var value = m.Groups["secret"].Success ? m.Groups["secret"].Value : m.Value;
                if (rule.Id == "generic-credential" && (Entropy(value) < 3.0 || LooksLikeReference(value))) continue;
                if (found.Any(f => f.Line == LineOf(text, m.Index) && f.RuleId != "generic-credential" && rule.Id == "generic-credential")) continue;
                found.Add(new SecretMatch(rule.Id, rule.Title, Mask(rule.Id == "private-key" ? "-----BEGIN PRIVATE KEY-----" : value), LineOf(text, m.Index)));
            }
        }
        return found;
    }

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
