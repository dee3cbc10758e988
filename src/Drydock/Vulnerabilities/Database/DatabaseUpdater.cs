using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// <c>drydock db update</c>: downloads every file of the selected feeds into the feed cache beside the database
/// (conditionally), then builds a new database and swaps it in (<see cref="DatabaseRebuild"/>). The database keeps what
/// it has: feeds that were not selected are carried over from the previous database as they are, and a selected feed
/// whose download or files fail keeps its previous rows and is recorded stale with the reason (<see cref="FeedHealth"/>);
/// the other feeds are updated all the same. Nothing is rebuilt when every file answered 304, the database exists and
/// holds every selected feed, none of them stale; otherwise only the feeds whose files changed are parsed again and the
/// others are carried over from the previous database.
/// </summary>
public sealed class DatabaseUpdater(FeedDownloader downloader, TimeProvider time, IProgressSink progress)
{
    public async Task<DatabaseUpdateOutcome> UpdateAsync(string databasePath, IReadOnlyList<IFeed> feeds, IReadOnlyDictionary<string, string> urlOverrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(urlOverrides);
        var cache = DatabaseLocation.FeedCache(databasePath);
        var previous = PreviousDatabase.Read(databasePath, progress);
        var files = feeds.ToDictionary(f => f.Name, f => Files(f, urlOverrides), StringComparer.Ordinal); // usage errors before any download
        var states = new Dictionary<string, FeedState>(StringComparer.Ordinal);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var unchanged = new HashSet<string>(StringComparer.Ordinal);
        var changed = previous is null;
        foreach (var feed in feeds)
        {
            changed |= previous is not null && (!previous.Feeds.ContainsKey(feed.Name) || previous.Health(feed.Name).Stale);
            try
            {
                var (state, downloaded) = await DownloadAsync(feed, files[feed.Name], cache, cancellationToken);
                states[feed.Name] = state;
                changed |= downloaded;
                if (!downloaded) unchanged.Add(feed.Name);
            }
            catch (Exception e) when (IsFeedFailure(e, cancellationToken))
            {
                failed[feed.Name] = e.Message;
                progress.Warn($"feed {feed.Name} is not updated, it keeps its previous data: {e.Message}");
            }
        }
        if (!changed && failed.Count == 0)
        {
            progress.Warn("vulnerability database is up to date (feeds not modified)");
            return new DatabaseUpdateOutcome(false, []);
        }
        var rebuild = new DatabaseRebuild(databasePath, cache, previous, time, progress);
        var stale = await rebuild.RunAsync(feeds, states, unchanged, failed, cancellationToken);
        return new DatabaseUpdateOutcome(true, stale);
    }

    // A feed's own trouble (network, HTTP status, timeout, checksum, a file it cannot find) never stops the other feeds;
    // the user's cancellation and usage errors do.
    private static bool IsFeedFailure(Exception e, CancellationToken cancellationToken) =>
        e is not UsageException
        && (e is DrydockException or HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested));

    private async Task<(FeedState State, bool Downloaded)> DownloadAsync(IFeed feed, IReadOnlyList<FeedFile> files, string cache, CancellationToken cancellationToken)
    {
        var found = 0;
        var downloaded = false;
        FeedState? state = null;
        foreach (var file in files)
        {
            var outcome = await downloader.DownloadAsync(feed.Name, file, Path.Combine(cache, feed.Name, file.RelativePath), cancellationToken);
            if (outcome.Result == DownloadResult.Missing) continue;
            found++;
            downloaded |= outcome.Result == DownloadResult.Downloaded;
            state ??= new FeedState(feed.Name, files.Count == 1 ? file.Url.ToString() : BaseOf(file), time.GetUtcNow(), outcome.ETag, outcome.LastModified, 0);
        }
        if (found == 0) throw new DrydockException($"feed {feed.Name}: none of its {files.Count} files was found at {BaseOf(files[0])}");
        progress.Report("download", feed.Name, found, files.Count);
        return (state!, downloaded);
    }

    /// <summary>
    /// A feed's files with an override applied: for a one-file feed the URL is the file's URL unless it ends in '/';
    /// otherwise it is a base that each file's relative path is appended to (the public layout, mirrored).
    /// </summary>
    public static IReadOnlyList<FeedFile> Files(IFeed feed, IReadOnlyDictionary<string, string> urlOverrides)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(urlOverrides);
        if (!urlOverrides.TryGetValue(feed.Name, out var url)) return feed.DefaultFiles;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
            throw new UsageException($"feed {feed.Name}: '{url}' is not an http(s) URL");
        if (feed.DefaultFiles.Count == 1 && !url.EndsWith('/')) return [feed.DefaultFiles[0] with { Url = uri, Sha256Url = null }];
        var root = url.EndsWith('/') ? url : url + "/";
        return feed.DefaultFiles.Select(f => f with
        {
            Url = new Uri(root + f.RelativePath),
            Sha256Url = f.Sha256Url is null ? null : new Uri(root + f.Sha256Url.Segments[^1]),
            // A repository's mirror list sits in the mirror beside the file it leads to (<base>/2023/mirror.list).
            LatestPointer = f.LatestPointer is null ? null
                : new Uri(root + (f.RepoDataType is null ? "" : f.RelativePath[..(f.RelativePath.LastIndexOf('/') + 1)]) + f.LatestPointer.Segments[^1]),
        }).ToList();
    }

    private static string BaseOf(FeedFile file)
    {
        var s = file.Url.ToString();
        return s.EndsWith(file.RelativePath, StringComparison.Ordinal) ? s[..^file.RelativePath.Length] : s;
    }
}
