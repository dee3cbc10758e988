using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Builds a database from a bundle directory (one sub-folder per feed, named by <see cref="IFeed.Name"/>; see
/// docs/database.md) and swaps it in atomically. Feeds whose folder is absent are skipped.
/// </summary>
public static class DatabaseBuilder
{
    public static async Task<IReadOnlyList<FeedState>> BuildAsync(
        string databasePath, string bundleDirectory, IReadOnlyList<IFeed> feeds, IReadOnlyDictionary<string, FeedState> known,
        TimeProvider time, IProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(progress);
        using var writer = DatabaseWriter.Create(databasePath);
        var states = new List<FeedState>();
        foreach (var feed in feeds)
        {
            var dir = Path.Combine(bundleDirectory, feed.Name);
            if (!Directory.Exists(dir)) continue;
            progress.Report("import", feed.Name, 0, null);
            var warned = feed.Warnings.Count;
            var count = await writer.AddAsync(Counted(feed.Name, feed.ReadAsync(dir, cancellationToken), progress), cancellationToken);
            var warnings = feed.Warnings.Skip(warned).ToList();
            DatabaseRebuild.ReportSkipped(progress, feed.Name, warnings);
            writer.SetMeta(FeedHealth.SkippedKey(feed.Name), FeedHealth.SkippedText(warnings));
            var state = known.TryGetValue(feed.Name, out var k) ? k with { Records = count } : new FeedState(feed.Name, null, time.GetUtcNow(), null, null, count);
            writer.SetFeed(state);
            states.Add(state);
        }
        if (states.Count == 0) throw new DrydockException($"no feed data under {bundleDirectory} (expected sub-folders: {string.Join(", ", feeds.Select(f => f.Name))})");
        cancellationToken.ThrowIfCancellationRequested();
        writer.Commit(time.GetUtcNow());
        return states;
    }

    private static async IAsyncEnumerable<AdvisoryRecord> Counted(string feed, IAsyncEnumerable<AdvisoryRecord> records, IProgressSink progress)
    {
        long n = 0;
        await foreach (var r in records)
        {
            if (++n % 10_000 == 0) progress.Report("import", feed, n, null);
            yield return r;
        }
    }
}
