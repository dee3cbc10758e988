using Drydock.Images;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>One feed's layer: the compressed file at <see cref="Path"/>, its digest and size, and the feed's provenance.</summary>
public sealed record FeedLayer(string Feed, string Path, Digest Digest, long Size, DateTimeOffset? FetchedAt, long Records);
