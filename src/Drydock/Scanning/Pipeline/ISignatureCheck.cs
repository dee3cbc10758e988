using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Policy;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The signature stage (CIS 4.5 / 4.12, and the secure channel of CIS 4.2): verifies the signatures of the image's
/// manifest (or the index its reference carries) against what the policy requires. <c>registryReference</c> is null when
/// the image was not read from a registry: its signatures are then looked up by digest in the policy's signature
/// repository (engine images also beside their RepoDigests), else the answer is "not attempted" with the reason.
/// </summary>
public interface ISignatureCheck
{
    Task<SignatureVerification> VerifyAsync(IImage image, ImageReference? registryReference, DrydockPolicy policy, CancellationToken cancellationToken);
}
