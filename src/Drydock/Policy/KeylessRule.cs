
namespace Drydock.Policy;

/// <summary>
/// One <c>keyless</c> entry of drydock.yaml: repositories (pattern) whose Sigstore bundles must carry a Fulcio certificate
/// for <see cref="Identity"/>, verified offline against the trusted root file.
/// </summary>
public sealed record KeylessRule(string RepositoryPattern, string TrustedRoot, CertificateIdentity Identity)
{
    public override string ToString() => $"keyless rule {RepositoryPattern} ({Identity})";
}
