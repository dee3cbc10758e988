namespace Drydock.Policy;

/// <summary>
/// One <c>notation</c> entry of drydock.yaml, in the shape of a statement of notation's trustpolicy.json: the repositories
/// it covers (pattern), the trust store directory, the trusted identities and the verification level; optionally a TSA
/// trust store (notation's <c>tsa:</c> store: root certificates of RFC 3161 timestamp authorities) and when the timestamp
/// countersignature is checked (<c>verifyTimestamp</c>). Without a TSA store no timestamp is checked and the signing
/// certificate chain must be valid now.
/// </summary>
public sealed record NotationRule(string RepositoryPattern, string TrustStore, IReadOnlyList<TrustedIdentity> TrustedIdentities, NotationLevel Level)
{
    /// <summary>Directory of TSA root certificates (drydock.yaml <c>tsaTrustStore</c>), or null: timestamps are not checked.</summary>
    public string? TsaTrustStore { get; init; }

    /// <summary>notation's <c>signatureVerification.verifyTimestamp</c>; matters only with a <see cref="TsaTrustStore"/>.</summary>
    public TimestampVerification VerifyTimestamp { get; init; } = TimestampVerification.Always;

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

/// <summary>
/// notation's <c>verifyTimestamp</c>: <c>always</c> requires a valid timestamp countersignature whenever a TSA trust store
/// is configured; <c>afterCertExpiry</c> checks it only once a certificate of the signing chain has expired.
/// </summary>
public enum TimestampVerification
{
    Always,
    AfterCertExpiry,
}
