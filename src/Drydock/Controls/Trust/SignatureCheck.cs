namespace Drydock.Controls.Trust;

/// <summary>
/// The outcome of checking one signature: valid (by which key, or by which signer under which policy rule, over which
/// digest) or the problem.
/// </summary>
public sealed record SignatureCheck(SignatureKind Kind, string Source, bool Valid, string? KeyFile, string? SignedDigest, string? Problem,
    string? Signer = null, string? Rule = null);

/// <summary>
/// Signature verification of one image (CIS 4.5 / 4.12). <see cref="Attempted"/> is false, with the reason, when
/// there was nothing to verify against (no registry, no required signer for the repository).
/// </summary>
public sealed record SignatureVerification
{
    public required bool Attempted { get; init; }
    public string? NotAttemptedReason { get; init; }
    public IReadOnlyList<string> RequiredKeys { get; init; } = [];
    public IReadOnlyList<SignatureCheck> Checks { get; init; } = [];

    public bool SignedByRequiredKey => Checks.Any(c => c.Valid);

    public static SignatureVerification NotAttempted(string reason) => new() { Attempted = false, NotAttemptedReason = reason };
}
