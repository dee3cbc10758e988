namespace Drydock.Vulnerabilities.Database;

/// <summary>A feed's downloaded files could not be read (malformed JSON, a broken archive): that feed stays as it was.</summary>
internal sealed class FeedReadException(string feed, Exception inner)
    : DrydockException($"feed {feed}: its files could not be read: {inner.Message}", inner: inner)
{
    public string Feed { get; } = feed;
}
