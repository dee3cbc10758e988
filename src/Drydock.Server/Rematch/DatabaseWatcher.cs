using Drydock.Server.Queue;
using Drydock.Server.Scanning;

namespace Drydock.Server.Rematch;

/// <summary>
/// Watches the <c>--db</c> file: every <see cref="Period"/> it compares the file's identity (size, modification time)
/// with the last one seen, and when it changed reads the database's version (its build time). A version never planned
/// before gets a re-match run (<see cref="RematchQueue.PlanAsync"/>; every server process watches, the first to plan
/// wins). The first look, at start, plans too: a server restarted on a newer file re-matches what it stored before.
/// A file caught half-written is not readable as a database yet and is looked at again next period; replacing the
/// file by rename (what <c>drydock db update</c> and <c>db pull</c> do) is seen whole.
/// </summary>
internal sealed class DatabaseWatcher(string path, ScanRunner runner, RematchQueue queue, ServerLog log)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken ct)
    {
        (long, DateTime)? seen = null;
        string? planned = null;
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
                        if (await queue.PlanAsync(version, ct) is { } plan)
                            log.Write($"vulnerability database {version} loaded: re-matching {plan.Digests} stored inventories in {plan.Batches} batch(es)");
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
}
