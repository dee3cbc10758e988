using Drydock.Bases;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Freshness;

/// <summary>
/// Freshness of an opened image (for <c>drydock image</c>): its tag is looked up in the registry and compared with the
/// image's own id, layers and labels. An image without a tag (pinned by digest, or a local archive without a
/// reference) has nothing to compare, which is a reason, not an error.
/// </summary>
public static class ImageFreshness
{
    public static async Task<FreshnessResult> CheckAsync(IImage image, Func<ImageReference, IRegistryLookup> lookups, IReadOnlyList<BaseCatalogEntry> catalog, CancellationToken ct)
    {
        if (image.Reference is not { Tag: not null } reference)
            return new FreshnessResult(null, image.Reference is null
                ? "The image has no registry reference to look up."
                : $"{image.Reference} is pinned by digest: there is no tag to compare with.");
        var request = new FreshnessRequest((reference with { Digest = null }).ToString())
        {
            InUseImageId = image.Id.ToString(),
            Platform = image.Config.Platform,
            InUseCreated = image.Config.Created,
            InUseDiffIds = image.Layers.Select(l => l.DiffId.ToString()).ToList(),
            InUseLabels = image.Config.Config?.Labels,
            BaseCatalog = catalog,
            // Read from the registry just now, and not through an index (whose platform choice the checker makes itself).
            Known = image is RegistryImage registry && image.ManifestDigest is { } digest && image.Reference.Digest == digest
                ? new KnownManifest(digest, image.Manifest, image.Config) { ReadByTag = registry.ReadByTag, RateLimit = registry.Client.RateLimit }
                : null,
        };
        return new FreshnessResult(await new FreshnessChecker(lookups).CheckAsync(request, ct), null);
    }
}

/// <summary>The freshness report, or why there is none.</summary>
public sealed record FreshnessResult(FreshnessReport? Report, string? SkipReason);
