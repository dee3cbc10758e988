using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// <c>drydock db update</c>: downloads every file of the selected feeds into the feed cache beside the database
/// (conditionally), then rebuilds the database from the cache and swaps it in. Nothing is rebuilt when every file
/// answered 304 and the database exists. Any failed download aborts before the database is touched.
/// </summary>
public sealed class DatabaseUpdater(FeedDownloader downloader, TimeProvider time, IProgressSink progress)
{
    /// <summary>Returns true when a new database was written.</summary>
    public async Task<bool> UpdateAsync(string databasePath, IReadOnlyList<IFeed> feeds, IReadOnlyDictionary<string, string> urlOverrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(urlOverrides);
        var cache = DatabaseLocation.FeedCache(databasePath);
        var states = new Dictionary<string, FeedState>(StringComparer.Ordinal);
        var changed = !File.Exists(databasePath);
        foreach (var feed in feeds)
        {
            var files = Files(feed, urlOverrides);
            var found = 0;
            FeedState? state = null;
            foreach (var file in files)
            {
                var outcome = await downloader.DownloadAsync(feed.Name, file, Path.Combine(cache, feed.Name, file.RelativePath), cancellationToken);
                if (outcome.Result == DownloadResult.Missing) continue;
                found++;
                changed |= outcome.Result == DownloadResult.Downloaded;
                state ??= new FeedState(feed.Name, files.Count == 1 ? file.Url.ToString() : BaseOf(file), time.GetUtcNow(), outcome.ETag, outcome.LastModified, 0);
            }
            if (found == 0) throw new DrydockException($"feed {feed.Name}: none of its {files.Count} files was found at {BaseOf(files[0])}");
            progress.Report("download", feed.Name, found, files.Count);
            states[feed.Name] = state!;
        }
        if (!changed)
        {
            progress.Warn("vulnerability database is up to date (feeds not modified)");
            return false;
        }
        await DatabaseBuilder.BuildAsync(databasePath, cache, feeds, states, time, progress, cancellationToken);
        return true;
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
            LatestPointer = f.LatestPointer is null ? null : new Uri(root + f.LatestPointer.Segments[^1]),
        }).ToList();
    }

    private static string BaseOf(FeedFile file)
    {
        var s = file.Url.ToString();
        return s.EndsWith(file.RelativePath, StringComparison.Ordinal) ? s[..^file.RelativePath.Length] : s;
    }
}
