using System.Text.Json.Nodes;

namespace Drydock.Hosts.Update;

/// <summary>
/// Updates one container to a new image with a backout: record the backout point, stop the old container with its own
/// signal and timeout, park it under another name, create and start the new one with the same configuration, wait
/// until it is healthy (or stable), and either remove the parked container or roll back to it. The old image is never
/// removed. Every step is recorded before it is taken, so <see cref="RecoverAsync"/> can finish or back out an update
/// that a crash interrupted.
/// </summary>
public sealed class ContainerUpdater(IDockerEngine engine, UpdateStateStore store, UpdateOptions options)
{
    /// <summary>The label docker compose puts the id of the service's image in.</summary>
    public const string ComposeImageLabel = "com.docker.compose.image";

    /// <summary>
    /// Replaces the container <paramref name="oldInspect"/> describes by one on <paramref name="newImageId"/> (created
    /// as <paramref name="imageReference"/>), with the old container's configuration, or with
    /// <paramref name="configSource"/>'s when given (rollback to a recorded configuration).
    /// </summary>
    public async Task<UpdateOutcome> UpdateAsync(JsonObject oldInspect, string imageReference, string newImageId, CancellationToken ct,
        JsonObject? configSource = null, JsonObject? configSourceImage = null)
    {
        var old = ContainerInfo.From(oldInspect);
        if (store.Load(old.Name) is not null)
            throw new DrydockException($"container '{old.Name}' has an unfinished update; run 'drydock host rollback {old.Name}' or 'drydock host update' to complete it first");
        var state = new UpdateState
        {
            ContainerName = old.Name,
            OldContainerId = old.Id,
            OldImageId = old.ImageId,
            ImageReference = imageReference,
            NewImageId = newImageId,
            OldInspect = oldInspect,
            OldImageInspect = await engine.InspectImageAsync(old.ImageId, ct),
            ConfigSource = configSource,
            ConfigSourceImage = configSourceImage,
            WasRunning = old.Running,
            Phase = UpdatePhase.Recorded,
            StartedAt = options.Clock.GetUtcNow(),
        };
        store.Save(state);
        options.Progress.Report("update", $"{old.Name}: stopping {Short(old.ImageId)}", 0, null);
        state = await AdvanceAsync(state, UpdatePhase.Stopping, ct);
        if (old.Running) await engine.StopContainerAsync(old.Id, old.StopTimeout, old.StopSignal, ct);
        await engine.RenameContainerAsync(old.Id, state.AsideName, ct);
        state = await AdvanceAsync(state, UpdatePhase.RenamedAside, ct);
        return await StartNewAsync(state, ct);
    }

    /// <summary>Completes or backs out an update a crash interrupted, from the phase it recorded.</summary>
    public async Task<UpdateOutcome> RecoverAsync(UpdateState state, CancellationToken ct)
    {
        // Only ever on the engine the record belongs to: its folder says so, and the engine must hold the record's old container.
        if (state.EngineKey is { } key && key != store.Engine.Key || !await LegacyStateAdoption.HasAnyAsync(engine, [state.OldContainerId], ct))
        {
            return new(state.ContainerName, UpdateResultKind.Failed, state.OldImageId, state.NewImageId,
                $"left alone: the interrupted update in {store.PendingPath(state.ContainerName)} is of container {Short(state.OldContainerId)}, " +
                $"which engine {store.Engine} does not have; inspect the file and remove it");
        }
        options.Progress.Warn($"{state.ContainerName}: completing an interrupted update (phase {state.Phase})");
        switch (state.Phase)
        {
            case UpdatePhase.Recorded:
                store.Delete(state.ContainerName);
                return new(state.ContainerName, UpdateResultKind.Recovered, state.OldImageId, state.OldImageId, "nothing had changed yet");
            case UpdatePhase.Stopping:
                if (await engine.InspectContainerAsync(state.AsideName, ct) is null)
                {
                    if (state.WasRunning) await engine.StartContainerAsync(state.OldContainerId, ct);
                    store.Delete(state.ContainerName);
                    return new(state.ContainerName, UpdateResultKind.Recovered, state.OldImageId, state.OldImageId, "the old container was restarted");
                }
                return Recovered(await RollBackAsync(await AdvanceAsync(state, UpdatePhase.RenamedAside, ct), "interrupted while stopping", ct));
            case UpdatePhase.RenamedAside:
            case UpdatePhase.Starting:
            case UpdatePhase.RollingBack:
                return Recovered(await RollBackAsync(state, $"interrupted in phase {state.Phase}", ct));
            default:
                return await VerifyAsync(state, ct);
        }
    }

    /// <summary>
    /// Backing out an update that a crash interrupted restores what ran before: the run that does it has not failed
    /// (the container is stale still, and this same run updates it again), so it is reported as recovered.
    /// </summary>
    private static UpdateOutcome Recovered(UpdateOutcome backedOut) => backedOut with { Kind = UpdateResultKind.Recovered };

    private async Task<UpdateOutcome> StartNewAsync(UpdateState state, CancellationToken ct)
    {
        state = await AdvanceAsync(state, UpdatePhase.Starting, ct);
        try
        {
            var (body, extra) = state.ConfigSource is { } source
                ? CreateConfigBuilder.Build(source, state.ConfigSourceImage, state.ImageReference)
                : CreateConfigBuilder.Build(state.OldInspect, state.OldImageInspect, state.ImageReference);
            // docker compose records the image id it created the service from; keep it true so 'compose up' does not see a change.
            if (body["Labels"] is JsonObject labels && labels.ContainsKey(ComposeImageLabel)) labels[ComposeImageLabel] = state.NewImageId;
            options.Progress.Report("update", $"{state.ContainerName}: starting {Short(state.NewImageId)}", 0, null);
            var id = await engine.CreateContainerAsync(state.ContainerName, body, ct);
            state = await AdvanceAsync(state with { NewContainerId = id }, UpdatePhase.Starting, ct);
            foreach (var (network, endpoint) in extra) await engine.ConnectNetworkAsync(network, id, endpoint, ct);
            await engine.StartContainerAsync(id, ct);
        }
        catch (DrydockException e)
        {
            return await RollBackAsync(state, "the new container could not start: " + e.Message, ct, reject: true) with { Health = "not-started" };
        }
        return await VerifyAsync(await AdvanceAsync(state, UpdatePhase.Verifying, ct), ct);
    }

    private async Task<UpdateOutcome> VerifyAsync(UpdateState state, CancellationToken ct)
    {
        options.Progress.Report("update", $"{state.ContainerName}: waiting for health", 0, null);
        var (good, why) = state.NewContainerId is null ? (false, "no new container was recorded") : await HealthWaiter.WaitAsync(engine, state.NewContainerId, options, ct);
        if (!good) return await RollBackAsync(state, why, ct, reject: true) with { Health = "failed" };
        if (await engine.InspectContainerAsync(state.AsideName, ct) is not null) await engine.RemoveContainerAsync(state.AsideName, force: true, ct);
        store.AppendHistory(state);
        // An update from the tag ends a pin that --unpin lifted; a rollback (a recorded configuration) pins anew (HostRollback).
        if (state.ConfigSource is null) store.DeletePin(state.ContainerName);
        store.Delete(state.ContainerName);
        options.Progress.Report("update", $"{state.ContainerName}: updated ({why})", 0, null);
        return new(state.ContainerName, UpdateResultKind.Updated, state.OldImageId, state.NewImageId, $"updated to {Short(state.NewImageId)}: {why}")
        {
            Health = why == "healthy" ? "healthy" : "stable",
        };
    }

    /// <summary>
    /// Puts the old container back. With <paramref name="reject"/> (the new image failed to start or its health gate, in
    /// an update from the tag — not a rollback's own recreate), the image is recorded as rejected for this container.
    /// </summary>
    private async Task<UpdateOutcome> RollBackAsync(UpdateState state, string why, CancellationToken ct, bool reject = false)
    {
        options.Progress.Warn($"{state.ContainerName}: rolling back to {Short(state.OldImageId)}: {why}");
        if (reject && state.ConfigSource is null) store.Reject(state.ContainerName, new RejectedImage(state.NewImageId, why, options.Clock.GetUtcNow()));
        state = await AdvanceAsync(state, UpdatePhase.RollingBack, ct);
        var current = await engine.InspectContainerAsync(state.ContainerName, ct);
        if (current is not null && current["Id"]?.GetValue<string>() != state.OldContainerId)
            await engine.RemoveContainerAsync(current["Id"]!.GetValue<string>(), force: true, ct);
        if (await engine.InspectContainerAsync(state.AsideName, ct) is not null)
            await engine.RenameContainerAsync(state.OldContainerId, state.ContainerName, ct);
        if (state.WasRunning) await engine.StartContainerAsync(state.OldContainerId, ct);
        store.Delete(state.ContainerName);
        return new(state.ContainerName, UpdateResultKind.RolledBack, state.NewImageId, state.OldImageId, $"rolled back to {Short(state.OldImageId)}: {why}");
    }

    private async Task<UpdateState> AdvanceAsync(UpdateState state, UpdatePhase phase, CancellationToken ct)
    {
        var next = state with { Phase = phase };
        store.Save(next);
        if (options.PauseAfterPhase == phase)
        {
            options.Progress.Warn($"{state.ContainerName}: test hook: paused after phase {phase} (DRYDOCK_TEST_PAUSE_AFTER_PHASE)");
            await Task.Delay(Timeout.Infinite, ct);
        }
        return next;
    }

    private static string Short(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length > 19 ? id[7..19] : id;
}
