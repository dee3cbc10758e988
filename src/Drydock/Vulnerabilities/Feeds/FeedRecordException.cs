namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// One feed record that is malformed or over a per-record bound (<see cref="FeedLimits"/>): the typed error of the
/// feed parsers. A feed skips the record and reports the message as a warning (<see cref="IFeed.Warnings"/>).
/// </summary>
public sealed class FeedRecordException(string message, Exception? inner = null) : DrydockException(message, inner: inner)
{
    /// <summary>True for what a record parser throws on a record of the wrong shape (a missing key, a wrong type, a bad value).</summary>
    public static bool IsMalformedRecord(Exception e) =>
        e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException;
}
