namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// One feed record that is malformed or over a per-record bound (<see cref="FeedLimits"/>): the typed error of the
/// feed parsers. A feed skips the record and reports the message as a warning (<see cref="IFeed.Warnings"/>).
/// </summary>
public sealed class FeedRecordException(string message, Exception? inner = null) : DrydockException(message, inner: inner);
