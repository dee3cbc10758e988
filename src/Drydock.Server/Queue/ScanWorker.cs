using Drydock.Server.Scanning;
using Drydock.Server.Storage;

namespace Drydock.Server.Queue;

/// <summary>
/// One worker loop: claim a job, keep its lease alive with heartbeats while it runs, store the result, mark it done.
/// A result already stored for the image's digest and the current database version is not scanned again, and a
/// worker whose lease was taken over (it was too slow to heartbeat) stops and changes nothing.
/// </summary>
public sealed class ScanWorker(string id, string instance, bool pinnedOnly, JobQueue queue, ResultStore results, ScanRunner runner,
    CredentialVault vault, TimeSpan lease, ServerLog log)
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ScanJob? job;
            try
            {
                job = await queue.ClaimAsync(id, instance, pinnedOnly, lease, ct);
            }
            catch (Npgsql.NpgsqlException e)
            {
                log.Write($"worker {id}: cannot claim a job: {e.Message}");
                await Task.Delay(IdlePoll * 4, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            if (job is null)
            {
                await Task.Delay(IdlePoll, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            await ProcessAsync(job, ct);
        }
    }

    private async Task ProcessAsync(ScanJob job, CancellationToken ct)
    {
        log.Write($"worker {id}: job {job.Id} attempt {job.Attempt} started: {job.Reference}");
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, lost, heartbeatStop.Token);
        try
        {
            var (digest, version) = await RunJobAsync(job, lost.Token);
            await heartbeatStop.CancelAsync();
            await heartbeat;
            if (await queue.CompleteAsync(job.Id, id, digest, version, CancellationToken.None))
                log.Write($"worker {id}: job {job.Id} done: {digest} (database {version})");
            else
                log.Write($"worker {id}: job {job.Id} finished after its lease was taken over; the result is stored once either way");
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            log.Write($"worker {id}: job {job.Id} abandoned: its lease was taken over");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The process is stopping: hand the job back at once instead of letting its lease run out.
            await queue.ReleaseAsync(job.Id, id, CancellationToken.None);
            log.Write($"worker {id}: job {job.Id} handed back: the server is stopping");
        }
#pragma warning disable CA1031 // A job's failure, whatever its type, is the job's: one line in the job and the log; the worker goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            var message = string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            var reason = e is DrydockException or HttpRequestException or IOException or InvalidDataException ? message : $"internal error ({e.GetType().Name}): {message}";
            await queue.FailAsync(job.Id, id, reason, CancellationToken.None);
            log.Write($"worker {id}: job {job.Id} failed: {reason}");
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            vault.Forget(job.Id);
        }
    }

    private async Task<(string Digest, string Version)> RunJobAsync(ScanJob job, CancellationToken ct)
    {
        var version = runner.DatabaseVersion();
        var digest = ScanRunner.TryParse(job.Reference, out var pinnedDigest, out _) ? pinnedDigest : null;
        // Jobs for one digest run one at a time across processes, so a second one reuses the first one's result.
        await using var digestLock = digest is null ? null : await results.LockDigestAsync(digest, ct);
        if (digest is not null && await results.ExistsAsync(digest, version, ct))
            return (digest, version);
        if (job.PinnedTo is not null && vault.Get(job.Id) is null)
            throw new DrydockException("the registry credentials of this scan are no longer held by this server process; submit the scan again");
        var outcome = await runner.ScanAsync(job.Reference, vault.Get(job.Id), ct);
        var stored = await results.SaveAsync(outcome, ct);
        if (!stored) log.Write($"worker {id}: job {job.Id}: {outcome.Digest} with database {outcome.DatabaseVersion} was already stored");
        return (outcome.Digest, outcome.DatabaseVersion);
    }

    /// <summary>Renews the lease every third of it; cancels <paramref name="lost"/> when the lease was taken over.</summary>
    private Task HeartbeatAsync(ScanJob job, CancellationTokenSource lost, CancellationToken stop) =>
        LeaseHeartbeat.RunAsync(ct => queue.HeartbeatAsync(job.Id, id, lease, ct), lease, lost, log, $"worker {id}: job {job.Id}", stop);
}
