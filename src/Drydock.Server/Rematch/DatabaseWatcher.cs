using Drydock.Server.Queue;
using Drydock.Server.Scanning;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Server.Rematch;

/// <summary>
/// Watches the <c>--db</c> file: every <see cref="Period"/> it compares the file's identity (size, modification time)
/// with the last one seen, and when it changed reads the database's version (its build time). A version never planned
/// before gets a re-match run (<see cref="RematchQueue.PlanAsync"/>; every server process watches, the first to plan
/// wins). The first look, at start, plans too: a server restarted on a newer file re-matches what it stored before.
/// A file caught half-written is not readable as a database yet and is looked at again next period; replacing the
/// file by rename (what <c>drydock db update</c> and <c>db pull</c> do) is seen whole.
/// The watcher keeps a private copy of the last version it planned (under the process temp directory), so that the next
/// version's run carries the <see cref="AdvisoryDiff"/> between the two; without one (the first look, a failed copy)
/// the run matches every package.
/// </summary>
internal sealed class DatabaseWatcher(string path, ScanRunner runner, RematchQueue queue, ServerLog log)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private (string Path, string Version)? _base;

    public async Task RunAsync(CancellationToken ct)
    {
        (long, DateTime)? seen = null;
        string? planned = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var info = new FileInfo(path);
                    var identity = info.Exists ? (info.Length, info.LastWriteTimeUtc) : default((long, DateTime)?);
                    if (identity is not null && identity != seen)
                    {
                        var version = runner.DatabaseVersion();
                        seen = identity;
                        if (version != planned && version is not ("none" or "unknown"))
                        {
                            planned = version;
                            var diff = Retain(version);
                            if (await queue.PlanAsync(version, diff, ct) is { } plan)
                                log.Write($"vulnerability database {version} loaded: re-matching {plan.Digests} stored inventories in {plan.Batches} batch(es)"
                                    + (diff.Changed is { } keys ? $", {keys.Count} changed package key(s) since {diff.BaseVersion}" : ", every package"));
                        }
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or DrydockException or Npgsql.NpgsqlException)
                {
                    // Half-written or unreadable: look again next period (seen is not updated for a database that failed to open).
                    seen = null;
                    log.Write($"database watch: {path}: {e.Message}");
                }
                await Task.Delay(Period, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            if (_base is { } kept) File.Delete(kept.Path);
        }
    }

    /// <summary>
    /// Copies the file as <paramref name="version"/>'s base for the next diff and returns the diff from the previous base.
    /// The copy's own version is checked: a file replaced again between reading the version and copying is not labelled
    /// wrongly (that run then has no diff). A copy or diff that fails costs only speed: the run matches every package.
    /// </summary>
    private RematchDiff Retain(string version)
    {
        var copy = DrydockTemp.NewPath("rematch-base-", ".db");
        try
        {
            File.Copy(path, copy);
            string copied;
            using (var store = SqliteAdvisoryStore.Open(copy)) copied = store.BuiltAt is { } built ? ScanRunner.Key(built) : "unknown";
            if (copied != version)
            {
                File.Delete(copy);
                return RematchDiff.Full;
            }
            var previous = _base;
            var diff = previous is { } b ? new RematchDiff(b.Version, AdvisoryDiff.Compute(b.Path, copy)) : RematchDiff.Full;
            _base = (copy, version);
            if (previous is { } old) File.Delete(old.Path);
            return diff.Changed is null ? RematchDiff.Full : diff;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or DrydockException)
        {
            log.Write($"database watch: no diff for {version} ({e.Message}): its re-match matches every package");
            if (_base?.Path != copy) File.Delete(copy);
            return RematchDiff.Full;
        }
    }
}
