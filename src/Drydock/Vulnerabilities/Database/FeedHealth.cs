using System.Globalization;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// The outcome of a feed's last update attempt, kept in <c>meta</c> as <c>feed:&lt;name&gt;:attempted_at</c> and
/// <c>feed:&lt;name&gt;:error</c> (absent after a success). The last success is the feed row's <c>fetched_at</c>.
/// A feed with an error is stale: the database holds what it had before that attempt.
/// </summary>
public sealed record FeedHealth(string Name, DateTimeOffset? AttemptedAt, string? Error)
{
    public bool Stale => Error is not null;

    public static string AttemptedKey(string feed) => "feed:" + feed + ":attempted_at";

    public static string ErrorKey(string feed) => "feed:" + feed + ":error";

    public static FeedHealth From(IReadOnlyDictionary<string, string> meta, string feed)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return new FeedHealth(feed, FeedFiles.Date(meta.GetValueOrDefault(AttemptedKey(feed))), meta.GetValueOrDefault(ErrorKey(feed)));
    }

    internal void WriteTo(DatabaseWriter writer)
    {
        writer.SetMeta(AttemptedKey(Name), AttemptedAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        writer.SetMeta(ErrorKey(Name), Error);
    }
}
