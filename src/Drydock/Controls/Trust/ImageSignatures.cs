using Drydock.Policy;
using Drydock.Images;
using Drydock.Images.Sources.Engine;
using Drydock.Images.Sources.Registry;
using Drydock.Controls.Trust.ContentTrust;

namespace Drydock.Controls.Trust;

/// <summary>
/// The signature step of a scan (CIS 4.5 / 4.12): finds the keys and rules (requiredSigners, notation, keyless) the
/// policy has for the image's repository, fetches the signatures from the registry and verifies them: cosign signatures
/// and keyed bundles with the keys, keyless bundles and Notation envelopes under the rules, and the tag's Docker Content
/// Trust target on the notary server of each <c>contentTrust</c> rule. Signatures are looked for beside the image and in
/// the policy's <c>signatureRepository</c> (cosign's <c>COSIGN_REPOSITORY</c>); archives and layouts are looked up there
/// by their manifest digest, engine images by their RepoDigests. Not attempted, with the reason, when nothing in the
/// policy covers the repository or when there is no registry to ask.
/// </summary>
public static class ImageSignatures
{
    public const string NotFromRegistryReason =
        "The image was not read from a registry and no signature repository is named (--signature-repository, or signatureRepository in drydock.yaml).";

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
        using var clients = new SignatureClients(null, client);
        return await VerifyAsync(registryReference, manifestDigest, policy, clients, trust, cancellationToken);
    }

    /// <summary>
    /// The trust step for an opened image (what a scan calls): its signatures, beside it when it was read from a registry
    /// (<paramref name="fromRegistry"/>) or from its engine's RepoDigests, and in the signature repository; and how the
    /// image and its annotated base were read (<see cref="SecureChannel"/>).
    /// </summary>
    public static async Task<SignatureVerification> VerifyAsync(
        IImage image, bool fromRegistry, DrydockPolicy policy, RegistryClientOptions options, TrustOptions trust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(policy);
        using var clients = new SignatureClients(options);
        var reads = new List<(ImageReference, string)>();
        SignatureVerification verification;
        if (fromRegistry)
        {
            verification = await VerifyAsync(image.Reference, image.Reference?.Digest ?? image.ManifestDigest, policy, clients, trust, cancellationToken);
            if (image.Reference is { } reference) reads.Add((reference, "the image"));
        }
        else if (image is IEngineImage { RepoDigests.Count: > 0 } engine)
        {
            // The engine pulled it from the registry its RepoDigest names: that registry's channel is judged as for a registry target.
            var pulled = PulledBy(engine);
            verification = await VerifyAsync(pulled, null, policy, clients, trust, cancellationToken);
            reads.Add((pulled, "the image (as its engine pulled it)"));
        }
        else
        {
            verification = await VerifyLocalAsync(image, policy, clients, trust, cancellationToken);
        }
        // The annotated base names its registry whatever the image was read from.
        var baseName = image.Manifest.Annotations?.GetValueOrDefault(Bases.BaseImageIdentifier.BaseNameKey)
                       ?? image.Config.Config?.Labels?.GetValueOrDefault(Bases.BaseImageIdentifier.BaseNameKey);
        if (baseName is not null && ImageReference.TryParse(baseName, out var baseReference, out _)) reads.Add((baseReference, "its base " + baseReference.Name));
        // A registry image's own client says how it reached its registry: that, not a probe of its own, is the answer there.
        var read = fromRegistry && image is RegistryImage { Client: { Channel: { } channel } client } ? (client.Registry, channel) : ((string, RegistryChannel)?)null;
        return reads.Count == 0 ? verification : verification with { InsecureChannels = await SecureChannel.CheckAsync(reads, options, read, cancellationToken) };
    }

    /// <summary>As above, with a client for the reference's registry made from <paramref name="options"/>.</summary>
    public static Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClientOptions options, CancellationToken cancellationToken) =>
        VerifyAsync(registryReference, manifestDigest, policy, options, TrustOptions.Default, cancellationToken);

    /// <summary>As above, with a client for the reference's registry made from <paramref name="options"/>.</summary>
    public static async Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, RegistryClientOptions options, TrustOptions trust, CancellationToken cancellationToken)
    {
        using var clients = new SignatureClients(options);
        return await VerifyAsync(registryReference, manifestDigest, policy, clients, trust, cancellationToken);
    }

    /// <summary>An image in a registry: signatures beside it and in the signature repository, and its content trust.</summary>
    private static async Task<SignatureVerification> VerifyAsync(
        ImageReference? registryReference, Digest? manifestDigest, DrydockPolicy policy, SignatureClients clients, TrustOptions trust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trust);
        manifestDigest ??= registryReference?.Digest;
        if (NotAttemptedReason(registryReference, manifestDigest, policy, contentTrust: true) is { } reason) return SignatureVerification.NotAttempted(reason);
        var reference = registryReference!;
        // `cosign sign` on a multi-platform tag signs the index digest, which the reference carries when the image was
        // picked from an index: signatures over it count for this platform's manifest too.
        var digests = new[] { manifestDigest!.Value, reference.Digest ?? manifestDigest.Value }.Distinct().ToList();
        var places = SignaturePlaces.Of(reference, policy.SignatureRepository, clients);
        var verification = await VerifyAtAsync(reference, digests, places, policy, trust, cancellationToken);
        if (RuleVerifier.ContentTrustRulesFor(policy, reference) is { Count: > 0 } dct)
        {
            var client = clients.For(reference.Registry);
            var served = await ServedAsync(client, reference, manifestDigest.Value, cancellationToken);
            var checks = await ContentTrustCheck.VerifyAsync(dct, reference, served, trust.Clock, trust.CacheRoot, cancellationToken);
            verification = verification with { Checks = [.. verification.Checks, .. checks] };
        }
        return verification;
    }

    /// <summary>
    /// An archive or layout (or an engine image never pulled): looked up by its manifest digest in the signature
    /// repository only; its policy rules are those of its own name (a reference it carries), else of that repository.
    /// </summary>
    private static async Task<SignatureVerification> VerifyLocalAsync(IImage image, DrydockPolicy policy, SignatureClients clients, TrustOptions trust, CancellationToken cancellationToken)
    {
        if (policy.SignatureRepository is not { } repository) return SignatureVerification.NotAttempted(NotFromRegistryReason);
        if (image.ManifestDigest is { } digest)
        {
            var identity = (image.Reference ?? repository) with { Digest = digest };
            if (NotAttemptedReason(identity, digest, policy, contentTrust: false) is { } reason) return SignatureVerification.NotAttempted(reason);
            return await VerifyAtAsync(identity, [digest], SignaturePlaces.Of(null, repository, clients), policy, trust, cancellationToken);
        }
        if (image is IEngineImage)
            return SignatureVerification.NotAttempted("The engine has no RepoDigests for this image (it was never pulled or pushed), so there is no registry digest to look its signatures up by.");
        if (image.Reference is not { } named)
            return SignatureVerification.NotAttempted("The archive keeps no registry manifest (a docker-archive's manifest is synthesised) and names no image (RepoTags), so there is no digest to look its signatures up by; scan an oci or oci-archive copy, or the registry image.");
        return await VerifyNamedArchiveAsync(image, named, repository, policy, clients, trust, cancellationToken);
    }

    /// <summary>
    /// A docker-archive that names its image (<c>docker save</c> keeps RepoTags): its registry manifest is the one that
    /// name resolves to when that manifest's config is the archive's (<see cref="RegisteredManifest"/>); its signatures
    /// are looked for beside it and in the signature repository, as for an engine image pulled by that name.
    /// </summary>
    private static async Task<SignatureVerification> VerifyNamedArchiveAsync(IImage image, ImageReference named, ImageReference repository, DrydockPolicy policy,
        SignatureClients clients, TrustOptions trust, CancellationToken cancellationToken)
    {
        if (CoverageReason(named, policy, contentTrust: false) is { } reason) return SignatureVerification.NotAttempted(reason);
        var (digests, why) = await RegisteredManifest.FindAsync(image, named, clients, cancellationToken);
        if (why is not null)
            return SignatureVerification.NotAttempted($"The archive keeps no registry manifest (a docker-archive's manifest is synthesised) and {why}, so there is no digest to look its signatures up by.");
        var identity = named with { Digest = digests[^1] };
        return await VerifyAtAsync(identity, digests, SignaturePlaces.Of(named, repository, clients), policy, trust, cancellationToken);
    }

    /// <summary>The engine image as pulled: the RepoDigest of its own repository (RepoTags name it) when there is one, with its tag.</summary>
    private static ImageReference PulledBy(IEngineImage image)
    {
        var pulled = image.RepoDigests
            .Select(d => ImageReference.TryParse(d, out var r, out _) && r.Digest is not null ? r : null)
            .OfType<ImageReference>()
            .ToList();
        if (pulled.Count == 0) throw new DrydockException($"docker engine: the image's RepoDigests ({string.Join(", ", image.RepoDigests)}) are not references with a digest");
        var own = pulled.FirstOrDefault(r => image.Reference is { } tagged && r.Name == tagged.Name);
        return own is not null ? own with { Tag = image.Reference!.Tag } : pulled[0] with { Tag = null };
    }

    private static async Task<SignatureVerification> VerifyAtAsync(ImageReference identity, IReadOnlyList<Digest> digests, IReadOnlyList<SignaturePlaces.Place> places,
        DrydockPolicy policy, TrustOptions trust, CancellationToken cancellationToken)
    {
        var keys = SignatureVerifier.RequiredKeysFor(policy, identity);
        var checks = new List<SignatureCheck>();
        foreach (var digest in digests)
        {
            var artifacts = new List<SignatureArtifact>();
            foreach (var place in places) artifacts.AddRange(await SignatureFetcher.FetchAsync(place.Client, place.Repository, place.Label, digest, cancellationToken));
            checks.AddRange(Verify(digest, keys, policy, identity, artifacts, trust.Clock.GetUtcNow()).Checks);
        }
        return new SignatureVerification { Attempted = true, RequiredKeys = keys, Checks = checks };
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

    /// <summary>
    /// Why nothing is verified, or null. <paramref name="contentTrust"/>: whether <c>contentTrust</c> rules can be checked
    /// (a registry tag); for an archive they cannot, so they alone do not make the step run.
    /// </summary>
    private static string? NotAttemptedReason(ImageReference? reference, Digest? digest, DrydockPolicy policy, bool contentTrust)
    {
        if (reference is null || digest is null) return NotFromRegistryReason;
        return CoverageReason(reference, policy, contentTrust);
    }

    /// <summary>Why the policy asks nothing of <paramref name="reference"/>'s signatures, or null.</summary>
    private static string? CoverageReason(ImageReference reference, DrydockPolicy policy, bool contentTrust)
    {
        if (policy.RequiredSigners.Count == 0 && policy.Notation.Count == 0 && policy.Keyless.Count == 0 && policy.ContentTrust.Count == 0)
            return "The policy requires no signers (requiredSigners, notation, keyless or contentTrust in drydock.yaml).";
        var signed = SignatureVerifier.RequiredKeysFor(policy, reference).Count > 0
                     || RuleVerifier.NotationRulesFor(policy, reference).Count > 0
                     || RuleVerifier.KeylessRulesFor(policy, reference).Count > 0;
        var dct = RuleVerifier.ContentTrustRulesFor(policy, reference).Count > 0;
        if (signed || (dct && contentTrust)) return null;
        return dct
            ? $"Only contentTrust rules cover {reference.Name}, and Docker Content Trust is verified for images read from a registry by tag."
            : $"No required signer in the policy covers {reference.Name}.";
    }
}
