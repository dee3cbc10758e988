namespace Drydock.Policy;

/// <summary>
/// One <c>notation</c> entry of drydock.yaml, in the shape of a statement of notation's trustpolicy.json: the repositories
/// it covers (pattern), the trust store directory, the trusted identities and the verification level.
/// </summary>
public sealed record NotationRule(string RepositoryPattern, string TrustStore, IReadOnlyList<TrustedIdentity> TrustedIdentities, NotationLevel Level)
{
    public override string ToString() => $"notation rule {RepositoryPattern} (trust store {TrustStore}, level {Level.ToString().ToLowerInvariant()})";
}

/// <summary>
/// notation's verification levels: which checks are enforced (a failure rejects) and which are only logged.
/// strict: integrity, authenticity, expiry enforced; permissive: integrity and authenticity enforced, expiry logged;
/// audit: integrity enforced, the rest logged; skip: nothing is verified and the rule requires no signature.
/// </summary>
public enum NotationLevel
{
    Strict,
    Permissive,
    Audit,
    Skip,
}
