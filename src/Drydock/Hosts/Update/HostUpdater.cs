using Drydock.Freshness;
using Drydock.Images;

namespace Drydock.Hosts.Update;

/// <summary>
/// <c>drydock host update</c> on one engine: first completes any update a crash left behind, then for each selected
/// container in dependency order finds the image its tag now names (a <see cref="LatestImageResolver"/>: the registry's
/// current digest, or a pull), and updates the stale ones one at a time. <c>--dry-run</c> plans and changes nothing.
/// </summary>
public sealed class HostUpdater(IDockerEngine engine, UpdateStateStore store, UpdateOptions options)
{
    /// <summary>Resolves a container's image reference to the image id it should run now (null = unknown).</summary>
    public delegate Task<string?> LatestImageResolver(ContainerInfo container, CancellationToken ct);

    public async Task<IReadOnlyList<UpdateOutcome>> RecoverPendingAsync(CancellationToken ct)
    {
        var updater = new ContainerUpdater(engine, store, options);
        var outcomes = new List<UpdateOutcome>();
        foreach (var pending in store.Pending()) outcomes.Add(await updater.RecoverAsync(pending, ct));
        return outcomes;
    }

    /// <summary>
    /// <c>--unpin NAME</c>: a container a rollback pinned follows its tag again (persisted: until it is updated from the
    /// tag, when the pin is removed). Returns the names that were not pinned.
    /// </summary>
    public IReadOnlyList<string> Unpin(IEnumerable<string> names)
    {
        var notPinned = new List<string>();
        foreach (var name in names)
        {
            if (store.Pin(name) is { } pin) store.SavePin(name, pin with { Pinned = false });
            else notPinned.Add(name);
        }
        return notPinned;
    }

    /// <summary>
    /// The plan, in dependency order. Left alone: a container pinned to a digest or image id (by its creator, or by
    /// <c>host rollback</c> until <c>--unpin</c>; <paramref name="unpin"/> plans as if those names were unpinned), and one
    /// whose tag names an image that failed this container's health gate before (rejected: a newer image is taken).
    /// </summary>
    public async Task<IReadOnlyList<PlannedUpdate>> PlanAsync(ContainerSelector selector, LatestImageResolver resolve, CancellationToken ct,
        IReadOnlySet<string>? unpin = null)
    {
        var containers = new List<ContainerInfo>();
        foreach (var id in await engine.ListContainerIdsAsync(all: true, ct))
        {
            if (await engine.InspectContainerAsync(id, ct) is { } inspect) containers.Add(ContainerInfo.From(inspect));
        }
        var plan = new List<PlannedUpdate>();
        foreach (var c in UpdateOrder.Sort(containers.Where(selector.Selects).ToList()))
        {
            if (c.Name.EndsWith("-drydock-old", StringComparison.Ordinal)) continue;
            // A pin applies while the container still runs the pinned image (one recreated by hand since is not pinned).
            var pin = store.Pin(c.Name) is { } p && p.ImageId == c.ImageId ? p : null;
            if (pin is { Pinned: true } && unpin?.Contains(c.Name) != true)
            {
                plan.Add(new PlannedUpdate(c, null, $"pinned to {Short(pin.ImageId)} by 'host rollback' at {pin.Since:yyyy-MM-ddTHH:mm:ssZ}; " +
                    $"'host update --unpin {c.Name}' follows {pin.Reference} again") { Pinned = true });
                continue;
            }
            var container = pin is null ? c : c with { ImageReference = pin.Reference };
            if (container.ImageReference.StartsWith("sha256:", StringComparison.Ordinal) || container.ImageReference.Contains('@', StringComparison.Ordinal))
            {
                plan.Add(new PlannedUpdate(c, null, "pinned to a digest or image id: nothing to follow") { Pinned = true });
                continue;
            }
            var latest = await resolve(container, ct);
            var rejected = latest is null ? null : store.Rejected(c.Name).LastOrDefault(r => r.ImageId == latest);
            plan.Add(latest is null ? new PlannedUpdate(container, null, "the latest image could not be resolved")
                : latest == c.ImageId ? new PlannedUpdate(container, null, "current")
                : rejected is not null ? new PlannedUpdate(container, null,
                    $"{container.ImageReference} is {Short(latest)}, which failed this container's health gate at {rejected.At:yyyy-MM-ddTHH:mm:ssZ} ({rejected.Reason}): waiting for a newer image")
                : new PlannedUpdate(container, latest, $"stale: runs {Short(c.ImageId)}, {container.ImageReference} is now {Short(latest)}"));
        }
        return plan;
    }

    /// <summary>
    /// <c>host update --container NAME --to REF</c>: the named containers move to the image <paramref name="reference"/>
    /// (a tag or <c>repo@sha256:…</c>) names now, whatever they ran and whether or not a rollback pinned them; the update
    /// lifts the pin and the container follows <paramref name="reference"/> from then on. The image id comes from
    /// <paramref name="resolve"/> (a pull, or the registry for a dry run).
    /// </summary>
    public async Task<IReadOnlyList<PlannedUpdate>> PlanToAsync(ContainerSelector selector, string reference, LatestImageResolver resolve, CancellationToken ct)
    {
        var plan = new List<PlannedUpdate>();
        foreach (var id in await engine.ListContainerIdsAsync(all: true, ct))
        {
            if (await engine.InspectContainerAsync(id, ct) is not { } inspect) continue;
            var c = ContainerInfo.From(inspect);
            if (!selector.Named(c)) continue;
            var target = c with { ImageReference = reference };
            var latest = await resolve(target, ct);
            plan.Add(latest is null ? new PlannedUpdate(target, null, $"{reference} could not be resolved")
                : new PlannedUpdate(target, latest, $"--to {reference}: runs {Short(c.ImageId)}, {reference} is {Short(latest)}"));
        }
        return plan;
    }

    public async Task<IReadOnlyList<UpdateOutcome>> ApplyAsync(IReadOnlyList<PlannedUpdate> plan, CancellationToken ct)
    {
        var updater = new ContainerUpdater(engine, store, options);
        var outcomes = new List<UpdateOutcome>();
        foreach (var p in plan.Where(p => p.NewImageId is not null))
        {
            // Inspect again: an earlier update in this run may have recreated a container this one links to.
            var inspect = await engine.InspectContainerAsync(p.Container.Id, ct);
            if (inspect is null)
            {
                outcomes.Add(new(p.Container.Name, UpdateResultKind.Failed, p.Container.ImageId, p.NewImageId!, "the container is gone"));
                continue;
            }
            try
            {
                if (await EnsurePulledAsync(p, ct) is { } mismatch)
                {
                    outcomes.Add(new(p.Container.Name, UpdateResultKind.Failed, p.Container.ImageId, p.NewImageId!, mismatch));
                    continue;
                }
                var start = options.Clock.GetUtcNow();
                var outcome = await updater.UpdateAsync(inspect, p.Container.ImageReference, p.NewImageId!, ct);
                outcomes.Add(outcome with { Duration = options.Clock.GetUtcNow() - start });
            }
            catch (DrydockException e)
            {
                outcomes.Add(new(p.Container.Name, UpdateResultKind.Failed, p.Container.ImageId, p.NewImageId!, e.Message));
            }
        }
        return outcomes;
    }

    /// <summary>
    /// Makes the planned image present: a plan from the registry (HEAD, no pull) names an image id the engine may not have
    /// yet, so the tag is pulled and the id it now names must be the planned one — else the tag moved again meanwhile and
    /// the container is left alone. Returns the reason for refusing, or null.
    /// </summary>
    private async Task<string?> EnsurePulledAsync(PlannedUpdate p, CancellationToken ct)
    {
        if (await engine.InspectImageAsync(p.NewImageId!, ct) is not null) return null;
        options.Progress.Report("pull", p.Container.ImageReference, 0, null);
        await engine.PullAsync(p.Container.ImageReference, ct);
        var pulled = (await engine.InspectImageAsync(p.Container.ImageReference, ct))?["Id"]?.GetValue<string>();
        return pulled == p.NewImageId ? null
            : $"pulled {p.Container.ImageReference} is {pulled ?? "missing"}, not the planned {p.NewImageId}: the tag moved during the update; run again";
    }

    /// <summary>
    /// The resolver over the registry (a HEAD and two small GETs, no pull), answering in the engine's own terms: the
    /// container's image id when the tag still names the image in use (<see cref="EngineImageIdentity"/>: config, repo or
    /// descriptor digest), else the id the engine will give the tag's image once pulled: its config digest on the
    /// classic store, the digest the tag names (index or manifest) on the containerd store. When the registry cannot
    /// answer, <paramref name="fallback"/> decides (null = unknown).
    /// </summary>
    public LatestImageResolver RegistryResolver(FreshnessChecker checker, LatestImageResolver? fallback) => async (c, ct) =>
    {
        var image = await engine.InspectImageAsync(c.ImageId, ct);
        var platform = EnginePlatform.Of(image);
        var identity = EngineImageIdentity.Of(image, c.ImageId, c.ImageManifestDigest);
        var report = await checker.CheckAsync(new FreshnessRequest(c.ImageReference)
        {
            InUseImageId = identity.ConfigDigest, InUseDigests = identity.ManifestDigests, Platform = platform, WantNewerTags = false, WantBaseDrift = false,
        }, ct);
        if (report.Stale == false) return c.ImageId;
        if ((identity.IdIsManifest ? report.LatestDigest : report.LatestImageId) is { } latest) return latest;
        options.Progress.Warn($"{engine.Host}: {c.Name}: registry lookup failed ({report.Error}){(fallback is null ? "" : "; falling back to a pull")}");
        return fallback is null ? null : await fallback(c, ct);
    };

    /// <summary>The resolver without a registry client: pull the tag (as <c>docker pull</c>) and read the id it now names.</summary>
    public LatestImageResolver PullResolver() => async (c, ct) =>
    {
        await engine.PullAsync(c.ImageReference, ct);
        return (await engine.InspectImageAsync(c.ImageReference, ct))?["Id"]?.GetValue<string>();
    };

    private static string Short(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length > 19 ? id[7..19] : id;
}

/// <summary>One container's plan: the image id to move to (null = leave it) and why; <see cref="Pinned"/> when left alone because it is pinned.</summary>
public sealed record PlannedUpdate(ContainerInfo Container, string? NewImageId, string Reason)
{
    public bool Pinned { get; init; }
}
