using Drydock.Freshness;
using Drydock.Hosts.Engine;
using Drydock.Hosts.Update;
using Drydock.Images.Sources.Registry;

namespace Drydock.Hosts.Rollout;

/// <summary>
/// <c>drydock host update</c> across hosts: each host is one piece of work for the <see cref="RolloutScheduler"/>
/// (canary, concurrency, error budget, per-host timeout). On a host: complete what a crash left behind, lift the pins
/// asked for, plan, and update the stale containers one at a time. A host whose time runs out is given a bounded
/// chance to finish or back out the update it was in (the crash recovery), so no container is left parked.
/// </summary>
public sealed class FleetUpdate(FleetUpdateRequest request, RolloutOptions rollout)
{
    /// <summary>How long a timed-out host's interrupted update may take to be completed or backed out.</summary>
    private static readonly TimeSpan RecoveryGrace = TimeSpan.FromMinutes(2);

    private IProgressSink Progress => request.Update.Progress;

    public async Task<RolloutReport> RunAsync(IReadOnlyList<HostEntry?> hosts, CancellationToken ct)
    {
        using var pool = new RegistryLookup.Pool(request.Registry);
        var checker = new FreshnessChecker(pool.For);
        // Pulls carry the same credentials as the registry reads (X-Registry-Auth per registry).
        Func<string, CancellationToken, Task<string?>>? auth = request.Registry.Credentials is { } credentials ? new EngineRegistryAuth(credentials).HeaderAsync : null;
        var work = hosts.Select(h => (HostEntry.Endpoint(h).Host, (RolloutScheduler.HostWork)(token => RunHostAsync(h, checker, auth, token)))).ToList();
        return await new RolloutScheduler(rollout, Progress).RunAsync(work, ct);
    }

    private async Task<HostRunResult> RunHostAsync(HostEntry? host, FreshnessChecker checker, Func<string, CancellationToken, Task<string?>>? auth, CancellationToken ct)
    {
        using var engine = await DockerEngineClient.ConnectAsync(HostEntry.Endpoint(host), request.EngineTimeout, auth, ct);
        var store = await UpdateStateStore.OpenAsync(engine, request.StateDirectory, Progress, adoptLegacy: !request.DryRun, ct);
        var updater = new HostUpdater(engine, store, request.Update);
        if (request.DryRun) return HostRunResult.Finished(engine.Host, await DryRunAsync(engine, store, updater, checker, ct), TimeSpan.Zero);
        try
        {
            return HostRunResult.Finished(engine.Host, await UpdateAsync(engine, updater, checker, ct), TimeSpan.Zero);
        }
        catch (OperationCanceledException)
        {
            // The host's time ran out (or the run was stopped) mid-update: finish or back out now, within a grace period.
            using var grace = new CancellationTokenSource(RecoveryGrace, request.Update.Clock);
            foreach (var o in await updater.RecoverPendingAsync(grace.Token))
                Progress.Warn($"{engine.Host}: {o.ContainerName}: interrupted, {o.Kind.ToString().ToLowerInvariant()}: {o.Message}");
            throw;
        }
    }

    private async Task<IReadOnlyList<ContainerRunResult>> UpdateAsync(DockerEngineClient engine, HostUpdater updater, FreshnessChecker checker, CancellationToken ct)
    {
        var results = new List<ContainerRunResult>();
        var outcomes = new List<UpdateOutcome>(await updater.RecoverPendingAsync(ct));
        foreach (var name in updater.Unpin(request.Unpin)) Progress.Warn($"{engine.Host}: --unpin {name}: not pinned by 'host rollback' on this engine");
        var planned = request.To is { } to
            ? await updater.PlanToAsync(request.Selector, to, updater.PullResolver(), ct)
            : await updater.PlanAsync(request.Selector, updater.RegistryResolver(checker, updater.PullResolver()), ct);
        // Asking by name for a container that is pinned is an error, not a quiet "nothing to do".
        results.AddRange(planned.Where(p => p.NewImageId is null).Select(p => Left(p, p.Pinned ? ContainerOutcome.Pinned : ContainerOutcome.Kept)));
        outcomes.AddRange(await updater.ApplyAsync(planned, ct));
        results.AddRange(outcomes.Select(ContainerRunResult.From));
        return results;
    }

    private async Task<IReadOnlyList<ContainerRunResult>> DryRunAsync(DockerEngineClient engine, UpdateStateStore store, HostUpdater updater, FreshnessChecker checker, CancellationToken ct)
    {
        var results = store.Pending().Select(p => new ContainerRunResult(p.ContainerName, ContainerOutcome.Recover, p.OldImageId, p.NewImageId, null, TimeSpan.Zero,
            $"interrupted update (phase {p.Phase}) would be completed first")).ToList();
        // A dry run must not pull: it asks the registry (HEAD), else compares with what the engine has under the tag.
        var local = (HostUpdater.LatestImageResolver)(async (c, token) => (await engine.InspectImageAsync(c.ImageReference, token))?["Id"]?.GetValue<string>());
        var plan = request.To is { } to
            ? await updater.PlanToAsync(request.Selector, to, updater.RegistryResolver(checker, local), ct)
            : await updater.PlanAsync(request.Selector, updater.RegistryResolver(checker, local), ct, request.Unpin.ToHashSet(StringComparer.Ordinal));
        results.AddRange(plan.Select(p => p.NewImageId is not null
            ? new ContainerRunResult(p.Container.Name, ContainerOutcome.Update, p.Container.ImageId, p.NewImageId, null, TimeSpan.Zero, p.Reason)
            : Left(p, p.Pinned ? ContainerOutcome.Pinned : ContainerOutcome.Keep)));
        return results;
    }

    private ContainerRunResult Left(PlannedUpdate p, ContainerOutcome outcome) =>
        new(p.Container.Name, outcome, p.Container.ImageId, null, null, TimeSpan.Zero, p.Reason) { Failure = p.Pinned && request.Selector.Named(p.Container) };
}
