using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Policy;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The signature stage (CIS 4.5 / 4.12): verifies the signatures of the manifest <c>manifestDigest</c> against what the
/// policy requires. <c>registryReference</c> is null when the image was not read from a registry (signatures live in
/// the registry): the answer is then "not attempted" with the reason.
/// </summary>
public interface ISignatureCheck
{
    Task<SignatureVerification> VerifyAsync(ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, CancellationToken cancellationToken);
}
