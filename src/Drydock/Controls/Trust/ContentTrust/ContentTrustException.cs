namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// Trust data that does not verify or cannot be read (bad signature, threshold not met, expired, rolled back, malformed,
/// over a size bound, server unreachable). The message is one line saying why; CIS-4.5 reports it as the check's problem.
/// <see cref="Unsigned"/> marks the cases where there simply is no signature (no trust data, tag not listed): CIS-4.5
/// fails on them, but they are not a signature that failed to validate (CIS-4.12).
/// </summary>
public sealed class ContentTrustException(string message, bool unsigned = false) : Exception(message)
{
    public bool Unsigned { get; } = unsigned;
}
