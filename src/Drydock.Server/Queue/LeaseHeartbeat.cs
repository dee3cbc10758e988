namespace Drydock.Server.Queue;

/// <summary>
/// The heartbeat of a leased row (a scan job, a re-match batch): renews the lease every third of it until
/// <c>stop</c>; cancels <c>lost</c> when a renewal finds the lease taken over. A failed renewal is logged and tried
/// again at the next beat.
/// </summary>
internal static class LeaseHeartbeat
{
    public static async Task RunAsync(Func<CancellationToken, Task<bool>> renew, TimeSpan lease, CancellationTokenSource lost,
        ServerLog log, string what, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(lease / 3, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested) return;
            try
            {
                if (!await renew(stop))
                {
                    await lost.CancelAsync();
                    return;
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException)
            {
                if (stop.IsCancellationRequested) return;
                log.Write($"{what}: heartbeat failed: {e.Message}");
            }
        }
    }
}
