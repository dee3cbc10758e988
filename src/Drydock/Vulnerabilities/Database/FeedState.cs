namespace Drydock.Vulnerabilities.Database;

/// <summary>What the database records about one feed it was built from.</summary>
public sealed record FeedState(string Name, string? Url, DateTimeOffset? FetchedAt, string? ETag, string? LastModified, long Records);
