using Drydock.Bases;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Freshness;

/// <summary>
/// What to check: the reference (<c>repo:tag</c>), and what is known about the image in use — its id (config digest),
/// platform, created time and layer diff ids (from the engine's inspect, or null for a reference alone).
/// </summary>
public sealed record FreshnessRequest(string Reference)
{
    public string? InUseImageId { get; init; }

    /// <summary>
    /// Manifest or index digests the engine knows the image in use by (repo digests, the containerd store's descriptor);
    /// a tag that names one of them is current. With no <see cref="InUseImageId"/> (the containerd store, whose id is not
    /// a config digest) these are all there is to compare.
    /// </summary>
    public IReadOnlyList<string> InUseDigests { get; init; } = [];
    public Platform Platform { get; init; } = Platform.Host;
    public DateTimeOffset? InUseCreated { get; init; }
    public IReadOnlyList<string>? InUseDiffIds { get; init; }

    /// <summary>Labels of the image in use (a builder may record <c>org.opencontainers.image.base.name</c> there).</summary>
    public IReadOnlyDictionary<string, string>? InUseLabels { get; init; }

    /// <summary>Catalogued bases, to find the base by layer chain when no annotation names it.</summary>
    public IReadOnlyList<BaseCatalogEntry> BaseCatalog { get; init; } = [];
    /// <summary>
    /// The image in use as its registry served it, when it was just read from there: the digest of its (non-index)
    /// manifest, the manifest and the config. A tag that still names that digest is answered from these (content
    /// addressed: the same bytes) instead of fetching the manifest, a counted pull on Docker Hub, and the config again.
    /// </summary>
    public KnownManifest? Known { get; init; }

    public bool WantNewerTags { get; init; } = true;
    public bool WantBaseDrift { get; init; } = true;
}

/// <summary>A manifest already read, by the digest of its bytes, with its config (<see cref="FreshnessRequest.Known"/>).</summary>
public sealed record KnownManifest(Digest Digest, ImageManifest Manifest, ImageConfig Config)
{
    /// <summary>
    /// The manifest was read by the request's very tag, moments ago (a scan of <c>registry:REPO:TAG</c>): the tag named
    /// <see cref="Digest"/> then, so it is not asked again (the HEAD would only repeat what the scan's own GET answered).
    /// False when it was read by digest (<c>REPO:TAG@DIGEST</c>): what the tag names is then still the question.
    /// </summary>
    public bool ReadByTag { get; init; }

    /// <summary>The rate-limit headers of that read, reported when no request of the check brings newer ones.</summary>
    public RateLimitInfo? RateLimit { get; init; }
}
