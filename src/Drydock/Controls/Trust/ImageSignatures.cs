using Drydock.Policy;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust;

/// <summary>
/// The signature step of a scan (CIS 4.5 / 4.12): finds the keys the policy requires for the image's repository, fetches
/// the signatures from the registry and verifies them. Not attempted, with the reason, when no required signer covers the
/// repository or when the image was not read from a registry (signatures live in the registry, not in an archive).
/// </summary>
public static class ImageSignatures
{
    public const string NotFromRegistryReason = "The image was not read from a registry; signatures live in the registry.";

    /// <summary>
    /// <c>registryReference</c> is the reference the image was pulled by (null for local sources: archives, layouts, engine);
    /// <c>manifestDigest</c> is the digest of the manifest that was read (for an index, the platform's manifest; the
    /// index digest, when the reference carries it, is checked too).
    /// </summary>
    public static async Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClient client, CancellationToken cancellationToken)
    {
        if (NotAttemptedReason(registryReference, manifestDigest, policy) is { } reason) return SignatureVerification.NotAttempted(reason);
        var keys = SignatureVerifier.RequiredKeysFor(policy, registryReference!);
        var repository = registryReference!.Repository;
        var artifacts = await SignatureFetcher.FetchAsync(client, repository, manifestDigest!.Value, cancellationToken);
        var verification = SignatureVerifier.Verify(manifestDigest.Value, keys, artifacts);
        // `cosign sign` on a multi-platform tag signs the index digest, which the reference carries when the image was
        // picked from an index: signatures over it count for this platform's manifest too.
        if (registryReference.Digest is { } index && index != manifestDigest.Value)
        {
            var onIndex = await SignatureFetcher.FetchAsync(client, repository, index, cancellationToken);
            verification = verification with { Checks = [.. verification.Checks, .. SignatureVerifier.Verify(index, keys, onIndex).Checks] };
        }
        return verification;
    }

    /// <summary>As above, with a client for the reference's registry made from <paramref name="options"/>.</summary>
    public static async Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClientOptions options, CancellationToken cancellationToken)
    {
        if (NotAttemptedReason(registryReference, manifestDigest, policy) is { } reason) return SignatureVerification.NotAttempted(reason);
        using var client = new RegistryClient(registryReference!.Registry, options);
        return await VerifyAsync(registryReference, manifestDigest, policy, client, cancellationToken);
    }

    private static string? NotAttemptedReason(ImageReference? reference, Digest? digest, DrydockPolicy policy)
    {
        if (reference is null || digest is null) return NotFromRegistryReason;
        if (policy.RequiredSigners.Count == 0) return "The policy requires no signers (requiredSigners in drydock.yaml).";
        return SignatureVerifier.RequiredKeysFor(policy, reference).Count == 0
            ? $"No required signer in the policy covers {reference.Name}."
            : null;
    }
}
