using System.Text.RegularExpressions;

namespace Drydock.Reports;

/// <summary>
/// Masks values that look like secrets (<c>NAME=value</c> where the name says password, secret, token, key or
/// credential) in the config environment and history commands that reports print. A report that flags CIS 4.10
/// (secrets in images) must not itself become the place the secret is copied to.
/// </summary>
internal static partial class SecretMask
{
    public const string Mask = "****";

    public static string Apply(string text) => SecretAssignment().Replace(text, m => m.Groups["name"].Value + "=" + Mask);

    [GeneratedRegex(@"(?<name>\b[A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Za-z0-9_.-]*)=(?:""[^""]*""|'[^']*'|[^\s""']+)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();
}
