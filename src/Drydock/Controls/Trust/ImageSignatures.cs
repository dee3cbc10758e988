using Drydock.Policy;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust;

/// <summary>
/// The signature step of a scan (CIS 4.5 / 4.12): finds the keys and rules (requiredSigners, notation, keyless) the
/// policy has for the image's repository, fetches the signatures from the registry and verifies them: cosign signatures
/// and keyed bundles with the keys, keyless bundles and Notation envelopes under the rules. Not attempted, with the
/// reason, when nothing in the policy covers the repository or when the image was not read from a registry (signatures
/// live in the registry, not in an archive).
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
        var verification = Verify(manifestDigest.Value, keys, policy, registryReference, artifacts, client.Time);
        // `cosign sign` on a multi-platform tag signs the index digest, which the reference carries when the image was
        // picked from an index: signatures over it count for this platform's manifest too.
        if (registryReference.Digest is { } index && index != manifestDigest.Value)
        {
            var onIndex = await SignatureFetcher.FetchAsync(client, repository, index, cancellationToken);
            verification = verification with { Checks = [.. verification.Checks, .. Verify(index, keys, policy, registryReference, onIndex, client.Time).Checks] };
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

    /// <summary>
    /// Keys check cosign signatures and keyed bundles; rules check keyless bundles and Notation envelopes, whose
    /// certificates are judged at <paramref name="time"/>'s now (default the system clock).
    /// </summary>
    internal static SignatureVerification Verify(Digest digest, IReadOnlyList<string> keys, DrydockPolicy policy, ImageReference reference, IReadOnlyList<SignatureArtifact> artifacts,
        TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var notation = RuleVerifier.NotationRulesFor(policy, reference);
        var keyless = RuleVerifier.KeylessRulesFor(policy, reference);
        var keyed = artifacts.Where(a => a.Kind != SignatureKind.Notation && !RuleVerifier.IsKeyless(a)).ToList();
        var checks = new List<SignatureCheck>(SignatureVerifier.Verify(digest, keys, keyed).Checks);
        foreach (var a in artifacts.Where(a => a.Kind == SignatureKind.Notation))
            checks.Add(RuleVerifier.Notation(digest, a, notation, now));
        foreach (var a in artifacts.Where(RuleVerifier.IsKeyless))
            checks.Add(RuleVerifier.Keyless(digest, a, keyless));
        return new SignatureVerification { Attempted = true, RequiredKeys = keys, Checks = checks };
    }

    private static string? NotAttemptedReason(ImageReference? reference, Digest? digest, DrydockPolicy policy)
    {
        if (reference is null || digest is null) return NotFromRegistryReason;
        if (policy.RequiredSigners.Count == 0 && policy.Notation.Count == 0 && policy.Keyless.Count == 0)
            return "The policy requires no signers (requiredSigners, notation or keyless in drydock.yaml).";
        return SignatureVerifier.RequiredKeysFor(policy, reference).Count == 0
               && RuleVerifier.NotationRulesFor(policy, reference).Count == 0
               && RuleVerifier.KeylessRulesFor(policy, reference).Count == 0
            ? $"No required signer in the policy covers {reference.Name}."
            : null;
    }
}
