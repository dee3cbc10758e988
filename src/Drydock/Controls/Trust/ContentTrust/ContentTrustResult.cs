using Drydock.Images;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// A verified Docker Content Trust target: the role that signed it (<c>targets/releases</c> or <c>targets</c>), the
/// tag, the digest it names, the signing key ids, where the role's metadata was read and the trusted root's version.
/// </summary>
internal sealed record ContentTrustResult(string Role, string Tag, Digest Digest, IReadOnlyList<string> SignerKeyIds, string Location, long RootVersion, bool TrustedOnFirstUse);

/// <summary>
/// What the root is anchored on: pinned root keys (their key material) or, without any, trust on first use when the
/// rule allows it. <see cref="Name"/> names the stored root, so changing the pinned keys never reuses a root they did not vouch for.
/// </summary>
internal sealed record ContentTrustAnchor(string Name, IReadOnlyList<byte[]> PinnedKeys, bool TrustOnFirstUse, string Description);
