namespace Drydock.Hosts.Update;

/// <summary>
/// <c>drydock host rollback NAME [--to DIGEST]</c>, the seed's backout plan: recreate the container from the image
/// and configuration recorded before its last update (or the update whose previous image is <c>--to</c>), with the
/// same health gating as an update; if the old image does not come up healthy, the current container is restored.
/// </summary>
public sealed class HostRollback(IDockerEngine engine, UpdateStateStore store, UpdateOptions options)
{
    public async Task<UpdateOutcome> RollbackAsync(string containerName, string? toImage, CancellationToken ct)
    {
        var updater = new ContainerUpdater(engine, store, options);
        if (store.Load(containerName) is { } pending) return await updater.RecoverAsync(pending, ct);

        var history = store.History(containerName);
        if (history.Count == 0)
            throw new DrydockException($"no recorded update for container '{containerName}' in {store.Directory}; nothing to roll back to");
        var target = toImage is null
            ? history[^1]
            : history.LastOrDefault(h => h.OldImageId == toImage || h.OldImageId.EndsWith(toImage.Replace("sha256:", "", StringComparison.Ordinal), StringComparison.Ordinal)
                                         || RepoDigests(h).Any(d => d.EndsWith(toImage, StringComparison.Ordinal)))
              ?? throw new DrydockException($"no recorded update of '{containerName}' came from {toImage}; recorded: {string.Join(", ", history.Select(h => h.OldImageId))}");
        if (await engine.InspectImageAsync(target.OldImageId, ct) is null)
            throw new DrydockException($"the previous image {target.OldImageId} of '{containerName}' is no longer on {engine.Host}; pull it by digest first");
        var current = await engine.InspectContainerAsync(containerName, ct)
            ?? throw new DrydockException($"no container '{containerName}' on {engine.Host}");
        var outcome = await updater.UpdateAsync(current, target.OldImageId, target.OldImageId, ct, target.OldInspect, target.OldImageInspect);
        if (outcome.Kind == UpdateResultKind.Updated)
        {
            // Created from the image id, the container no longer follows its tag: pinned, with the tag kept for --unpin.
            var follow = store.Pin(containerName)?.Reference ?? ContainerInfo.From(current).ImageReference;
            store.SavePin(containerName, new ContainerPin(target.OldImageId, follow, options.Clock.GetUtcNow(), Pinned: true));
        }
        return outcome;
    }

    private static IEnumerable<string> RepoDigests(UpdateState s) =>
        (s.OldImageInspect?["RepoDigests"]?.AsArray() ?? []).Select(d => d?.GetValue<string>() ?? "");
}
