namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// A feed file that is malformed as a whole (not valid JSON outside one record, truncated, a token outside any record
/// over the byte bound): the feed cannot be read and keeps its previous rows (exit 3 when nothing can be kept).
/// </summary>
public sealed class FeedFormatException(string message) : DrydockException(message);
