namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// Bounds on what a notary server may send (it is untrusted until its metadata verifies). Real metadata is a few KiB;
/// notary-server itself caps a role file at 100 MiB, far above what a repository with thousands of tags needs.
/// </summary>
internal static class ContentTrustLimits
{
    /// <summary>root.json and timestamp.json are fetched before anything vouches for their size.</summary>
    public const long UnvouchedBytes = 1 << 20;

    /// <summary>snapshot, targets and delegations: their length comes from signed metadata, but never more than this.</summary>
    public const long MaxRoleBytes = 16 << 20;

    public const int MaxDepth = 32;
    public const int MaxSignatures = 64;
    public const int MaxKeys = 256;
    /// <summary>Delegations listed by one role, and delegated roles entered in one search.</summary>
    public const int MaxDelegations = 64;

    /// <summary>How far below <c>targets</c> a delegation may nest (<c>targets/a/b</c> is 2).</summary>
    public const int MaxDelegationDepth = 8;

    /// <summary>Root versions walked in one rotation (each a request); a longer chain is refused.</summary>
    public const int MaxRootRotations = 256;
}
