using Drydock.Images;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>One feed's layer: the file at <see cref="Path"/>, its digest, size and media type, and the feed's provenance.</summary>
public sealed record FeedLayer(string Feed, string Path, Digest Digest, long Size, DateTimeOffset? FetchedAt, long Records)
{
    /// <summary>The layer's media type: the columns layer unless an earlier layout was asked for.</summary>
    public string MediaType { get; init; } = DbArtifact.ColumnsLayerMediaType;
}
