using System.Globalization;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// The outcome of a feed's last update attempt, kept in <c>meta</c> as <c>feed:&lt;name&gt;:attempted_at</c> and
/// <c>feed:&lt;name&gt;:error</c> (absent after a success). The last success is the feed row's <c>fetched_at</c>.
/// A feed with an error is stale: the database holds what it had before that attempt. A feed whose last import skipped
/// records (malformed or over a bound, <see cref="IFeed.Warnings"/>) is partial: <c>feed:&lt;name&gt;:skipped</c> says how
/// many and names the first.
/// </summary>
public sealed record FeedHealth(string Name, DateTimeOffset? AttemptedAt, string? Error)
{
    public bool Stale => Error is not null;

    /// <summary>"N records skipped, the first: …" when the feed's data is partial, else null.</summary>
    public string? Skipped { get; init; }

    public static string SkippedKey(string feed) => "feed:" + feed + ":skipped";

    /// <summary>The text <see cref="Skipped"/> holds for these warnings (null for none).</summary>
    public static string? SkippedText(IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        return warnings.Count == 0 ? null : $"{warnings.Count} record(s) skipped, the first: {warnings[0]}";
    }

    public static string AttemptedKey(string feed) => "feed:" + feed + ":attempted_at";

    public static string ErrorKey(string feed) => "feed:" + feed + ":error";

    public static FeedHealth From(IReadOnlyDictionary<string, string> meta, string feed)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return new FeedHealth(feed, FeedFiles.Date(meta.GetValueOrDefault(AttemptedKey(feed))), meta.GetValueOrDefault(ErrorKey(feed)))
        {
            Skipped = meta.GetValueOrDefault(SkippedKey(feed)),
        };
    }

    internal void WriteTo(DatabaseWriter writer)
    {
        writer.SetMeta(AttemptedKey(Name), AttemptedAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        writer.SetMeta(ErrorKey(Name), Error);
    }
}
