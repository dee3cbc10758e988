using System.Text.Json;
using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust;

/// <summary>
/// Collects the signatures a registry holds for one manifest digest: cosign's tag scheme (<c>sha256-&lt;hex&gt;.sig</c>,
/// a manifest whose simple-signing layers carry the signature in the <c>dev.cosignproject.cosign/signature</c>
/// annotation) and Sigstore bundles attached as OCI referrers (distribution-spec "Listing Referrers", with the
/// <c>sha256-&lt;hex&gt;</c> tag-schema fallback that <see cref="RegistryClient.GetReferrersAsync"/> applies).
/// Every manifest and blob is digest-verified by the client; payloads are size-bounded because the registry is untrusted.
/// </summary>
public static class SignatureFetcher
{
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string CosignSignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>Bundle artifact types: <c>application/vnd.dev.sigstore.bundle.v0.3+json</c> and the older <c>…bundle+json;version=0.x</c>.</summary>
    public const string BundleMediaTypePrefix = "application/vnd.dev.sigstore.bundle";

    /// <summary>The artifact type of Notary Project signatures (notaryproject specs, signature-specification.md).</summary>
    public const string NotationArtifactType = "application/vnd.cncf.notary.signature";

    /// <summary>A signature payload or bundle is a few KiB; anything bigger is refused rather than buffered.</summary>
    private const long ArtifactLimit = 1 << 20;

    /// <summary>Bounds the work a hostile registry can cause with an endless list of signatures.</summary>
    private const int MaxArtifacts = 64;

    public static Task<IReadOnlyList<SignatureArtifact>> FetchAsync(RegistryClient client, string repository, Digest manifestDigest, CancellationToken cancellationToken) =>
        FetchAsync(client, repository, repository, manifestDigest, cancellationToken);

    /// <summary>
    /// As above; <paramref name="label"/> names the repository in each artifact's <see cref="SignatureArtifact.Source"/>
    /// (the full name for a signature repository apart from the image, so the report says which registry held it).
    /// </summary>
    public static async Task<IReadOnlyList<SignatureArtifact>> FetchAsync(RegistryClient client, string repository, string label, Digest manifestDigest, CancellationToken cancellationToken)
    {
        var artifacts = new List<SignatureArtifact>();
        await AddCosignAsync(client, repository, label, manifestDigest, artifacts, cancellationToken);
        await AddBundlesAsync(client, repository, label, manifestDigest, artifacts, cancellationToken);
        return artifacts;
    }

    private static async Task AddCosignAsync(RegistryClient client, string repository, string label, Digest digest, List<SignatureArtifact> artifacts, CancellationToken cancellationToken)
    {
        var tag = $"{digest.Algorithm}-{digest.Hex}.sig";
        if (await client.TryGetManifestAsync(repository, tag, cancellationToken) is not { IsIndex: false } signatures) return;
        var manifest = Parse(signatures, client.Registry, tag);
        foreach (var layer in manifest.Layers.Where(l => l.MediaType == SimpleSigningMediaType).Take(MaxArtifacts))
        {
            var payload = await client.GetBlobBytesAsync(repository, layer, ArtifactLimit, cancellationToken);
            artifacts.Add(new SignatureArtifact(SignatureKind.CosignSimpleSigning, $"{label}:{tag}",
                payload, layer.Annotations?.GetValueOrDefault(CosignSignatureAnnotation)));
        }
    }

    private static async Task AddBundlesAsync(RegistryClient client, string repository, string label, Digest digest, List<SignatureArtifact> artifacts, CancellationToken cancellationToken)
    {
        var referrers = await client.GetReferrersAsync(repository, digest, null, cancellationToken);
        foreach (var referrer in referrers.Where(r => IsBundle(r) || IsNotation(r)).Take(MaxArtifacts))
        {
            if (!Digest.TryParse(referrer.Digest, out var referrerDigest)) continue;
            if (await client.TryGetManifestAsync(repository, referrerDigest.ToString(), cancellationToken) is not { IsIndex: false } found) continue;
            var manifest = Parse(found, client.Registry, referrerDigest.ToString());
            var notation = (manifest.ArtifactType ?? referrer.ArtifactType) == NotationArtifactType;
            foreach (var layer in manifest.Layers.Take(MaxArtifacts))
            {
                SignatureKind kind;
                if (layer.MediaType.StartsWith(BundleMediaTypePrefix, StringComparison.Ordinal)) kind = SignatureKind.SigstoreBundle;
                else if (notation && layer.MediaType is Notation.NotationEnvelope.JwsMediaType or Notation.NotationEnvelope.CoseMediaType) kind = SignatureKind.Notation;
                else continue;
                var content = await client.GetBlobBytesAsync(repository, layer, ArtifactLimit, cancellationToken);
                artifacts.Add(new SignatureArtifact(kind, $"{label}@{referrerDigest}", content, MediaType: layer.MediaType));
            }
        }
    }

    // The artifact type is on the descriptor when the registry (or the fallback index) copied it; some clients only set
    // the layer's media type, so a descriptor without one is opened too.
    private static bool IsBundle(Descriptor d) =>
        d.ArtifactType is null || d.ArtifactType.StartsWith(BundleMediaTypePrefix, StringComparison.Ordinal);

    private static bool IsNotation(Descriptor d) => d.ArtifactType == NotationArtifactType;

    private static ImageManifest Parse(RegistryManifest manifest, string registry, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(manifest.Bytes.Span, SourceJsonContext.Default.ImageManifest) ?? new ImageManifest();
        }
        catch (JsonException e)
        {
            throw new DrydockException($"registry {registry}: signature manifest {what} is not valid JSON ({e.Message.Split('.')[0]})");
        }
    }
}
