using System.Runtime.CompilerServices;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Builds the database an update swaps in, in feed registry order: each selected feed whose files changed is read from
/// the feed cache; every other feed the previous database holds (not selected, failed, or every file answered 304) is
/// kept. When the previous database has this version's exact schema and keeps at least one feed, the new one starts as a
/// copy of its file and only the re-read feeds are replaced in it (<see cref="DatabaseWriter.TryEdit"/>): one changed feed
/// costs its own parse, a file copy and a few passes over <c>affected</c>. Otherwise (a first build, every feed re-read,
/// an older file) the database is built anew and kept feeds are copied row by row (<see cref="FeedRowCopier"/>).
/// Either way the result is renamed over the old file: readers never see it half-written, a crash leaves the old one.
/// Records a feed skipped (<see cref="IFeed.Warnings"/>) are printed and recorded as <see cref="FeedHealth.Skipped"/>.
/// A selected feed whose files cannot be read is moved to the copied side and the build starts again (the new file is
/// written without a journal, so a half-read feed cannot be rolled back; the restart is rare and costs one build).
/// Each selected feed's attempt is recorded (<see cref="FeedHealth"/>); the stale ones are returned.
/// </summary>
internal sealed class DatabaseRebuild(string databasePath, string cache, PreviousDatabase? previous, TimeProvider time, IProgressSink progress)
{
    public async Task<IReadOnlyList<FeedHealth>> RunAsync(IReadOnlyList<IFeed> selected, IReadOnlyDictionary<string, FeedState> downloaded,
        IReadOnlySet<string> unchanged, Dictionary<string, string> failed, CancellationToken cancellationToken)
    {
        var attempted = time.GetUtcNow();
        while (true)
        {
            var fresh = selected.Where(f => downloaded.ContainsKey(f.Name) && !failed.ContainsKey(f.Name) && !Reusable(f.Name, unchanged)).ToList();
            var carried = Carried(fresh);
            if (fresh.Count == 0 && carried.Count == 0)
                throw new DrydockException("no feed could be updated and there is no previous database to keep: " + string.Join("; ", failed.Values));
            try
            {
                await BuildAsync(fresh, carried, downloaded, selected, failed, attempted, cancellationToken);
                return [.. selected.Where(f => failed.ContainsKey(f.Name)).Select(f => new FeedHealth(f.Name, attempted, failed[f.Name]))];
            }
            catch (FeedReadException e)
            {
                failed[e.Feed] = e.Message;
                ForgetValidators(e.Feed);
                progress.Warn($"feed {e.Feed} is not updated, it keeps its previous data: {e.Message}");
            }
        }
    }

    // A feed whose files all answered 304 keeps its rows when the previous database holds it in good health.
    private bool Reusable(string feed, IReadOnlySet<string> unchanged) =>
        unchanged.Contains(feed) && previous is not null && previous.Feeds.ContainsKey(feed) && !previous.Health(feed).Stale;

    // Every feed of the previous database that is not read afresh, in registry order (unknown names last, by name).
    private List<string> Carried(List<IFeed> fresh)
    {
        if (previous is null) return [];
        var order = FeedRegistry.All(time).Select(f => f.Name).ToList();
        return previous.Feeds.Keys.Where(n => fresh.All(f => f.Name != n))
            .OrderBy(n => order.IndexOf(n) is var i && i < 0 ? int.MaxValue : i).ThenBy(n => n, StringComparer.Ordinal).ToList();
    }

    private async Task BuildAsync(List<IFeed> fresh, List<string> carried, IReadOnlyDictionary<string, FeedState> downloaded, IReadOnlyList<IFeed> selected,
        Dictionary<string, string> failed, DateTimeOffset attempted, CancellationToken cancellationToken)
    {
        var edit = carried.Count > 0 ? DatabaseWriter.TryEdit(databasePath, previous!.Path, moveBase: false) : null;
        using var writer = edit ?? DatabaseWriter.Create(databasePath);
        var order = FeedRegistry.All(time).Select(f => f.Name).ToList();
        var all = fresh.Select(f => f.Name).Concat(carried).OrderBy(n => order.IndexOf(n) is var i && i < 0 ? int.MaxValue : i).ThenBy(n => n, StringComparer.Ordinal);
        foreach (var name in all)
        {
            if (fresh.Find(f => f.Name == name) is { } feed)
            {
                if (edit is not null)
                {
                    progress.Report("replace", name, 0, null);
                    writer.RemoveFeed(name);
                }
                progress.Report("import", name, 0, null);
                var warned = feed.Warnings.Count;
                var count = await writer.AddAsync(Guarded(feed, cancellationToken), cancellationToken);
                var warnings = feed.Warnings.Skip(warned).ToList();
                ReportSkipped(progress, name, warnings);
                writer.SetFeed(downloaded[name] with { Records = count });
                new FeedHealth(name, attempted, null).WriteTo(writer);
                writer.SetMeta(FeedHealth.SkippedKey(name), FeedHealth.SkippedText(warnings));
            }
            else
            {
                progress.Report("keep", name, 0, null);
                if (edit is null) writer.CopyFeed(previous!.Path, name); // an edited copy holds it already
                if (!downloaded.TryGetValue(name, out var checkedNow) || failed.ContainsKey(name)) continue;
                writer.SetFeed(checkedNow with { Records = previous!.Feeds[name].Records }); // answered 304: checked now, rows as they were
                new FeedHealth(name, attempted, null).WriteTo(writer);
            }
        }
        foreach (var feed in selected.Where(f => failed.ContainsKey(f.Name)))
        {
            if (previous?.Feeds.ContainsKey(feed.Name) != true) writer.SetFeed(new FeedState(feed.Name, null, null, null, null, 0));
            new FeedHealth(feed.Name, attempted, failed[feed.Name]).WriteTo(writer);
        }
        cancellationToken.ThrowIfCancellationRequested();
        writer.Commit(time.GetUtcNow());
    }

    // Reading errors are the feed's (its files); errors of the writer (disk full) are not caught here.
    private async IAsyncEnumerable<AdvisoryRecord> Guarded(IFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var records = feed.ReadAsync(Path.Combine(cache, feed.Name), cancellationToken).GetAsyncEnumerator(cancellationToken);
        long n = 0;
        while (true)
        {
            try
            {
                if (!await records.MoveNextAsync()) yield break;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new FeedReadException(feed.Name, e);
            }
            if (++n % 10_000 == 0) progress.Report("import", feed.Name, n, null);
            yield return records.Current;
        }
    }

    /// <summary>Prints a feed's skipped records (the first 20 and a count of the rest).</summary>
    internal static void ReportSkipped(IProgressSink progress, string feed, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings.Take(20)) progress.Warn($"{feed}: {warning}");
        if (warnings.Count > 20) progress.Warn($"{feed}: … and {warnings.Count - 20} more records skipped");
    }

    // The cached files are what failed to parse: the next update fetches them unconditionally.
    private void ForgetValidators(string feed)
    {
        var dir = Path.Combine(cache, feed);
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.EnumerateFiles(dir, "*.validators", SearchOption.AllDirectories)) File.Delete(file);
    }
}
