namespace Drydock.Controls.Trust;

/// <summary>
/// The outcome of checking one signature: valid (by which key, or by which signer under which policy rule, over which
/// digest) or the problem.
/// </summary>
public sealed record SignatureCheck(SignatureKind Kind, string Source, bool Valid, string? KeyFile, string? SignedDigest, string? Problem,
    string? Signer = null, string? Rule = null)
{
    /// <summary>No signature exists where one was looked for (e.g. a tag without Docker Content Trust data): CIS 4.5 fails, CIS 4.12 does not count it.</summary>
    public bool Unsigned { get; init; }
}

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

    /// <summary>Registries the image or its base was read from without verified TLS (CIS 4.2 "secure channel").</summary>
    public IReadOnlyList<InsecureChannel> InsecureChannels { get; init; } = [];

    public static SignatureVerification NotAttempted(string reason) => new() { Attempted = false, NotAttemptedReason = reason };
}
