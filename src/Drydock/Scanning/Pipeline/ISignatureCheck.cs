using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Policy;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The signature stage (CIS 4.5 / 4.12, and the secure channel of CIS 4.2): verifies the signatures of the image's
/// manifest (or the index its reference carries) against what the policy requires. <c>registryReference</c> is null when
/// the image was not read from a registry (signatures live in the registry): the answer is then "not attempted" with
/// the reason.
/// </summary>
public interface ISignatureCheck
{
    Task<SignatureVerification> VerifyAsync(IImage image, ImageReference? registryReference, DrydockPolicy policy, CancellationToken cancellationToken);
}
