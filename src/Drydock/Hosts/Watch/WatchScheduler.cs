namespace Drydock.Hosts.Watch;

/// <summary>
/// Runs a cycle at once and then every <paramref name="interval"/> (measured from the end of the previous cycle, so a
/// slow cycle never overlaps the next) until cancelled. A failed cycle is reported and the schedule goes on.
/// Time comes from <paramref name="time"/> so tests can move it.
/// </summary>
public sealed class WatchScheduler(TimeSpan interval, TimeProvider time, IProgressSink progress)
{
    public async Task RunAsync(Func<CancellationToken, Task> cycle, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await cycle(ct);
            }
            catch (Exception e) when (e is DrydockException or HttpRequestException or IOException)
            {
                progress.Warn($"watch: cycle failed: {e.Message}");
            }
            try
            {
                await Task.Delay(interval, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
