using Drydock.Hosts.Audit;
using Drydock.Hosts.Rollout;

namespace Drydock.Hosts.Watch;

/// <summary>
/// <c>drydock host watch</c>: each cycle audits the hosts, counts the stale images for the metrics, tells the webhook
/// about each stale container once per latest image, and (with an update) runs the fleet update and reports its
/// outcomes to the metrics and the webhook. What a cycle found is returned for a front end to write; time comes from
/// <paramref name="clock"/>.
/// </summary>
public sealed class WatchService(
    Func<CancellationToken, Task<HostAuditReport>> audit,
    Func<CancellationToken, Task<RolloutReport>>? update,
    WatchMetrics metrics,
    WebhookNotifier? notifier,
    TimeProvider clock)
{
    private readonly HashSet<(string Host, string Name, string? Latest)> _seen = [];

    /// <summary>Runs a cycle now and then every <paramref name="interval"/>; <paramref name="onCycle"/> sees each cycle's findings.</summary>
    public Task RunAsync(TimeSpan interval, IProgressSink progress, Func<WatchCycle, CancellationToken, Task> onCycle, CancellationToken ct) =>
        new WatchScheduler(interval, clock, progress).RunAsync(async token => await onCycle(await RunCycleAsync(token), token), ct);

    public async Task<WatchCycle> RunCycleAsync(CancellationToken ct)
    {
        var report = await audit(ct);
        metrics.AuditFinished(report.Containers.Where(c => c.Stale == true).Select(c => (c.Host, c.ImageId)).Distinct().Count(), clock.GetUtcNow());
        var newlyStale = report.Containers.Where(c => c.Stale == true && _seen.Add((c.Host, c.Name, c.LatestImageId))).ToList();
        foreach (var c in newlyStale)
        {
            if (notifier is not null)
                await notifier.NotifyAsync(new WebhookEvent("stale", c.Host, c.Name, c.ImageId, c.LatestImageId, "stale", $"{c.Image} names a newer image", clock.GetUtcNow()), ct);
        }
        if (update is null) return new WatchCycle(newlyStale, null);
        var run = await update(ct);
        foreach (var host in run.Hosts)
        {
            foreach (var c in host.Containers)
            {
                if (c.Outcome == ContainerOutcome.Updated) metrics.Updated();
                if (c.Outcome == ContainerOutcome.RolledBack) metrics.RolledBack();
                if (notifier is null || c.Outcome is not (ContainerOutcome.Updated or ContainerOutcome.RolledBack or ContainerOutcome.Recovered or ContainerOutcome.Failed)) continue;
                var name = c.Outcome == ContainerOutcome.RolledBack ? "rolled-back" : RolloutNames.Of(c.Outcome);
                await notifier.NotifyAsync(new WebhookEvent(name, host.Host, c.Name, c.FromImageId ?? "", c.ToImageId, name, c.Message, clock.GetUtcNow()), ct);
            }
        }
        return new WatchCycle(newlyStale, run);
    }
}

/// <summary>What one watch cycle found: the containers newly seen stale (once per latest image) and the update run, if any.</summary>
public sealed record WatchCycle(IReadOnlyList<AuditedContainer> NewlyStale, RolloutReport? Update);
