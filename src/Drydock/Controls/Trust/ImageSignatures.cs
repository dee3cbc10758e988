using Drydock.Policy;
using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.Controls.Trust.ContentTrust;

namespace Drydock.Controls.Trust;

/// <summary>
/// The signature step of a scan (CIS 4.5 / 4.12): finds the keys and rules (requiredSigners, notation, keyless) the
/// policy has for the image's repository, fetches the signatures from the registry and verifies them: cosign signatures
/// and keyed bundles with the keys, keyless bundles and Notation envelopes under the rules, and the tag's Docker Content
/// Trust target on the notary server of each <c>contentTrust</c> rule. Not attempted, with the
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
    public static Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClient client, CancellationToken cancellationToken) =>
        VerifyAsync(registryReference, manifestDigest, policy, client, TrustOptions.Default, cancellationToken);

    /// <summary>As above, with the clock (expiry of trust data and certificates) and the cache root (content trust state) given.</summary>
    public static async Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClient client, TrustOptions trust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (NotAttemptedReason(registryReference, manifestDigest, policy) is { } reason) return SignatureVerification.NotAttempted(reason);
        var keys = SignatureVerifier.RequiredKeysFor(policy, registryReference!);
        var repository = registryReference!.Repository;
        var artifacts = await SignatureFetcher.FetchAsync(client, repository, manifestDigest!.Value, cancellationToken);
        var verification = Verify(manifestDigest.Value, keys, policy, registryReference, artifacts, trust.Clock.GetUtcNow());
        // `cosign sign` on a multi-platform tag signs the index digest, which the reference carries when the image was
        // picked from an index: signatures over it count for this platform's manifest too.
        if (registryReference.Digest is { } index && index != manifestDigest.Value)
        {
            var onIndex = await SignatureFetcher.FetchAsync(client, repository, index, cancellationToken);
            verification = verification with { Checks = [.. verification.Checks, .. Verify(index, keys, policy, registryReference, onIndex, trust.Clock.GetUtcNow()).Checks] };
        }
        if (RuleVerifier.ContentTrustRulesFor(policy, registryReference) is { Count: > 0 } dct)
        {
            var served = await ServedAsync(client, registryReference, manifestDigest.Value, cancellationToken);
            var checks = await ContentTrustCheck.VerifyAsync(dct, registryReference, served, trust.Clock, trust.CacheRoot, cancellationToken);
            verification = verification with { Checks = [.. verification.Checks, .. checks] };
        }
        return verification;
    }

    /// <summary>
    /// The trust step for an opened image (what a scan calls): its signatures when it was read from a registry
    /// (<paramref name="fromRegistry"/>), and how the image and its annotated base were read (<see cref="SecureChannel"/>).
    /// </summary>
    public static async Task<SignatureVerification> VerifyAsync(
        IImage image, bool fromRegistry, DrydockPolicy policy, RegistryClientOptions options, TrustOptions trust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var reference = fromRegistry ? image.Reference : null;
        var verification = await VerifyAsync(reference, image.Reference?.Digest ?? image.ManifestDigest, policy, options, trust, cancellationToken);
        if (reference is null) return verification;
        var reads = new List<(ImageReference, string)> { (reference, "the image") };
        var baseName = image.Manifest.Annotations?.GetValueOrDefault(Bases.BaseImageIdentifier.BaseNameKey)
                       ?? image.Config.Config?.Labels?.GetValueOrDefault(Bases.BaseImageIdentifier.BaseNameKey);
        if (baseName is not null && ImageReference.TryParse(baseName, out var baseReference, out _)) reads.Add((baseReference, "its base " + baseReference.Name));
        return verification with { InsecureChannels = await SecureChannel.CheckAsync(reads, options, cancellationToken) };
    }

    /// <summary>As above, with a client for the reference's registry made from <paramref name="options"/>.</summary>
    public static Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClientOptions options, CancellationToken cancellationToken) =>
        VerifyAsync(registryReference, manifestDigest, policy, options, TrustOptions.Default, cancellationToken);

    /// <summary>As above, with a client for the reference's registry made from <paramref name="options"/>.</summary>
    public static async Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClientOptions options, TrustOptions trust, CancellationToken cancellationToken)
    {
        if (NotAttemptedReason(registryReference, manifestDigest, policy) is { } reason) return SignatureVerification.NotAttempted(reason);
        using var client = new RegistryClient(registryReference!.Registry, options);
        return await VerifyAsync(registryReference, manifestDigest, policy, client, trust, cancellationToken);
    }

    /// <summary>
    /// The manifests the registry serves for the reference, with their byte lengths (a content trust target names both):
    /// the one that was read, and the index it was picked from when the reference carries that digest.
    /// </summary>
    private static async Task<IReadOnlyList<(Digest, long)>> ServedAsync(RegistryClient client, ImageReference reference, Digest manifest, CancellationToken cancellationToken)
    {
        var served = new List<(Digest, long)>();
        foreach (var digest in new[] { manifest, reference.Digest ?? manifest }.Distinct())
        {
            if (await client.TryGetManifestAsync(reference.Repository, digest.ToString(), cancellationToken) is { } m) served.Add((digest, m.Bytes.Length));
        }
        return served.Count > 0 ? served : throw new DrydockException($"registry {client.Registry}: manifest {manifest} of {reference.Name} is gone");
    }

    /// <summary>Keys check cosign signatures and keyed bundles; rules check keyless bundles and Notation envelopes (certificate validity at <paramref name="now"/>, the caller's clock).</summary>
    internal static SignatureVerification Verify(Digest digest, IReadOnlyList<string> keys, DrydockPolicy policy, ImageReference reference, IReadOnlyList<SignatureArtifact> artifacts, DateTimeOffset now)
    {
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
        if (policy.RequiredSigners.Count == 0 && policy.Notation.Count == 0 && policy.Keyless.Count == 0 && policy.ContentTrust.Count == 0)
            return "The policy requires no signers (requiredSigners, notation, keyless or contentTrust in drydock.yaml).";
        return SignatureVerifier.RequiredKeysFor(policy, reference).Count == 0
               && RuleVerifier.NotationRulesFor(policy, reference).Count == 0
               && RuleVerifier.KeylessRulesFor(policy, reference).Count == 0
               && RuleVerifier.ContentTrustRulesFor(policy, reference).Count == 0
            ? $"No required signer in the policy covers {reference.Name}."
            : null;
    }
}
