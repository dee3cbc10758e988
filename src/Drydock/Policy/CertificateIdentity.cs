using System.Text.RegularExpressions;

namespace Drydock.Policy;

/// <summary>
/// Who must have signed: the OIDC issuer (exact) and the certificate's subject alternative name, exact or by a .NET regular
/// expression (anchor it: "^…$"; evaluated with a timeout, as the pattern comes from a policy and the SAN from a bundle).
/// </summary>
public sealed record CertificateIdentity(string Issuer, string? Subject, string? SubjectPattern)
{
    public bool Matches(string? issuer, IReadOnlyList<string> subjects) =>
        issuer == Issuer && subjects.Any(s => Subject is not null ? s == Subject
            : SubjectPattern is not null && Regex.IsMatch(s, SubjectPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    public override string ToString() => $"{Subject ?? "/" + SubjectPattern + "/"} from {Issuer}";
}
