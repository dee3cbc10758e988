using Drydock.Server.Queue;

namespace Drydock.Server.Rematch;

/// <summary>
/// One re-match worker loop: claim a batch, keep its lease alive while matching, commit its results (only while the
/// lease is still held). A batch that fails is left to its lease and taken again (the failure is logged).
/// </summary>
internal sealed class RematchWorker(string id, RematchQueue queue, BatchRematcher rematcher, TimeSpan lease, ServerLog log)
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await queue.ClaimAsync(id, lease, ct) is not { } batch)
                {
                    await Task.Delay(IdlePoll, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    continue;
                }
                await ProcessAsync(batch, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or IOException or System.Text.Json.JsonException or DrydockException or Microsoft.Data.Sqlite.SqliteException)
            {
                log.Write($"re-match worker {id}: {e.GetType().Name}: {e.Message}");
                await Task.Delay(IdlePoll * 4, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(RematchBatch batch, CancellationToken ct)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stop = new CancellationTokenSource();
        log.Write($"re-match worker {id}: batch {batch.Id} claimed (attempt {batch.Attempt}, {batch.Digests.Count} digest(s), database {batch.DatabaseVersion})");
        var heartbeat = HeartbeatAsync(batch.Id, lost, stop.Token);
        try
        {
            var outcome = await rematcher.RunAsync(batch, id, lost.Token);
            if (outcome is not { } done)
                log.Write($"re-match worker {id}: batch {batch.Id} lost its lease; another worker re-matches it");
            else if (done.RunFinished)
                log.Write($"re-match of database {batch.DatabaseVersion} finished (last batch {batch.Id}: {done.Digests} digest(s), {done.Notifications} new notification(s))");
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            log.Write($"re-match worker {id}: batch {batch.Id} abandoned: its lease was taken over");
        }
        finally
        {
            await stop.CancelAsync();
            await heartbeat;
        }
    }

    private Task HeartbeatAsync(long batch, CancellationTokenSource lost, CancellationToken stop) =>
        LeaseHeartbeat.RunAsync(ct => queue.HeartbeatAsync(batch, id, lease, ct), lease, lost, log, $"re-match worker {id}: batch {batch}", stop);
}
