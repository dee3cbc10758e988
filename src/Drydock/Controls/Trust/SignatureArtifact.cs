namespace Drydock.Controls.Trust;

/// <summary>
/// A signature found for an image, as fetched: a cosign simple-signing payload with its base64 signature (from the
/// <c>sha256-&lt;hex&gt;.sig</c> tag), or a Sigstore bundle (from the referrers API or the <c>sha256-&lt;hex&gt;</c> tag).
/// </summary>
public sealed record SignatureArtifact(SignatureKind Kind, string Source, byte[] Content, string? Signature = null, string? MediaType = null);

public enum SignatureKind
{
    /// <summary>Cosign "simple signing" payload (<c>application/vnd.dev.cosign.simplesigning.v1+json</c>) + annotation signature.</summary>
    CosignSimpleSigning,

    /// <summary>A Sigstore bundle JSON (<c>application/vnd.dev.sigstore.bundle.v0.3+json</c> and earlier).</summary>
    SigstoreBundle,

    /// <summary>A Notary Project envelope (<c>application/jose+json</c> or <c>application/cose</c>), artifact type <c>application/vnd.cncf.notary.signature</c>.</summary>
    Notation,

    /// <summary>Docker Content Trust (Notary v1): the tag's target in the repository's TUF metadata on its notary server.</summary>
    DockerContentTrust,
}
