using Drydock.Images.Sources.Registry;

namespace Drydock.Freshness;

/// <summary>
/// How fresh one image reference is. <see cref="Stale"/> compares the CONFIG digest (the image id an engine shows) of the
/// platform in use, so an index update that touched only another architecture is not stale; null = unknown (see
/// <see cref="Error"/>). <see cref="RebuildNeeded"/>: the identified base's current layers are no longer a prefix of ours.
/// </summary>
public sealed record FreshnessReport
{
    public required string Reference { get; init; }

    /// <summary>The image id (config digest) in use, when known.</summary>
    public string? InUseImageId { get; init; }

    /// <summary>The manifest (or index) digest the tag names now.</summary>
    public string? LatestDigest { get; init; }

    /// <summary>The config digest of the platform's image under the tag now (comparable with an engine's image id).</summary>
    public string? LatestImageId { get; init; }

    /// <summary>The digest of the platform's image manifest under the tag now (equals <see cref="LatestDigest"/> unless the tag names an index).</summary>
    public string? LatestManifestDigest { get; init; }
    public bool? Stale { get; init; }
    public DateTimeOffset? Created { get; init; }
    public NewerTagReport? NewerTags { get; init; }
    public string? BaseImage { get; init; }
    public string? BaseLatestDigest { get; init; }
    public bool? RebuildNeeded { get; init; }
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>What could not be found out, one line; null when everything was.</summary>
    public string? Error { get; init; }

    /// <summary>Whole days between the config's <c>created</c> and <paramref name="now"/>; null when unknown.</summary>
    public int? AgeDays(DateTimeOffset now) => Created is { } c ? (int)Math.Floor((now - c).TotalDays) : null;
}
