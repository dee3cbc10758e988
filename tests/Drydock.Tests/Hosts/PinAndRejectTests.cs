using System.Text.Json.Nodes;
using Drydock.Hosts;
using Drydock.Hosts.Update;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Hosts;

/// <summary>
/// Rejected digests instead of eternal pins (issue 14 item 5): an image that failed the health gate is skipped by later
/// plans while a newer one is taken; a manual rollback pins the container until <c>--unpin</c>, after which it follows
/// its tag again.
/// </summary>
public sealed class PinAndRejectTests : IDisposable
{
    private const string V1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Bad = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Good = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    private readonly string _stateDir = Directory.CreateTempSubdirectory("drydock-pins-").FullName;
    private readonly FakeDockerEngine _engine = new();
    private readonly UpdateStateStore _store;
    private readonly UpdateOptions _options = new() { PollInterval = TimeSpan.FromMilliseconds(1), StableFor = TimeSpan.FromMilliseconds(5), HealthTimeout = TimeSpan.FromMilliseconds(300) };

    public PinAndRejectTests()
    {
        _store = new UpdateStateStore(_stateDir, _engine.Identity);
        var healthcheck = new JsonObject { ["Healthcheck"] = new JsonObject { ["Test"] = new JsonArray("CMD", "true") } };
        foreach (var id in (string[])[V1, Bad, Good]) _engine.AddImage(id, (JsonObject)healthcheck.DeepClone());
        _engine.HealthOf[V1] = "healthy";
        _engine.HealthOf[Bad] = "unhealthy";
        _engine.HealthOf[Good] = "healthy";
        _engine.Tags["app:1"] = V1;
        _engine.AddContainer("svc", "app:1", new JsonObject());
    }

    [Fact]
    public async Task Plan_LatestWasRejectedThenNewerPushed_SkipsRejectedTakesNewer()
    {
        // Given: the update to Bad failed its health gate and was rolled back
        var updater = new HostUpdater(_engine, _store, _options);
        _engine.Tags["app:1"] = Bad;
        var first = await updater.ApplyAsync(await PlanAsync(updater, Bad), default);
        Assert.Equal(UpdateResultKind.RolledBack, Assert.Single(first).Kind);

        // When: the tag still names Bad
        var again = Assert.Single(await PlanAsync(updater, Bad));

        // Then: left alone, saying why
        Assert.Null(again.NewImageId);
        Assert.Contains("failed this container's health gate", again.Reason, StringComparison.Ordinal);
        Assert.Equal(Bad, Assert.Single(_store.Rejected("svc")).ImageId);

        // When: a newer image is pushed
        _engine.Tags["app:1"] = Good;
        var newer = await PlanAsync(updater, Good);
        var outcome = Assert.Single(await updater.ApplyAsync(newer, default));

        // Then: it is taken
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        Assert.Equal(Good, (await _engine.InspectContainerAsync("svc", default))!["Image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plan_AfterManualRollback_PinnedUntilUnpinThenFollowsTag()
    {
        // Given: updated to Good, then rolled back by hand to V1
        var updater = new HostUpdater(_engine, _store, _options);
        _engine.Tags["app:1"] = Good;
        await updater.ApplyAsync(await PlanAsync(updater, Good), default);
        var back = await new HostRollback(_engine, _store, _options).RollbackAsync("svc", null, default);
        Assert.Equal(UpdateResultKind.Updated, back.Kind);

        // When
        var pinned = Assert.Single(await PlanAsync(updater, Good));

        // Then: pinned, named as such, with the way out
        Assert.True(pinned.Pinned);
        Assert.Null(pinned.NewImageId);
        Assert.Contains("--unpin svc", pinned.Reason, StringComparison.Ordinal);
        Assert.True(new ContainerSelector(["svc"], [], false).Named(pinned.Container));

        // When: unpinned
        Assert.Equal(["other"], updater.Unpin(["svc", "other"]));
        var plan = await PlanAsync(updater, Good);
        var outcome = Assert.Single(await updater.ApplyAsync(plan, default));

        // Then: it follows app:1 again and the pin is gone
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        var now = (await _engine.InspectContainerAsync("svc", default))!;
        Assert.Equal(Good, now["Image"]!.GetValue<string>());
        Assert.Equal("app:1", now["Config"]!["Image"]!.GetValue<string>());
        Assert.Null(_store.Pin("svc"));
    }

    [Fact]
    public async Task PlanTo_PinnedAfterRollback_MovesToTheReferenceAndLiftsThePin()
    {
        // Given: updated to Good, rolled back by hand (pinned to V1); app:2 names Good
        var updater = new HostUpdater(_engine, _store, _options);
        _engine.Tags["app:1"] = Good;
        await updater.ApplyAsync(await PlanAsync(updater, Good), default);
        await new HostRollback(_engine, _store, _options).RollbackAsync("svc", null, default);
        _engine.Tags["app:2"] = Good;

        // When: host update --container svc --to app:2
        var plan = await updater.PlanToAsync(new ContainerSelector(["svc"], [], false), "app:2", updater.PullResolver(), default);
        var outcome = Assert.Single(await updater.ApplyAsync(plan, default));

        // Then: on Good, created as app:2 (followed from now on), no pin left
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        var now = (await _engine.InspectContainerAsync("svc", default))!;
        Assert.Equal(Good, now["Image"]!.GetValue<string>());
        Assert.Equal("app:2", now["Config"]!["Image"]!.GetValue<string>());
        Assert.Null(_store.Pin("svc"));
        Assert.False(Assert.Single(await PlanAsync(updater, Good)).Pinned);
    }

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    private static Task<IReadOnlyList<PlannedUpdate>> PlanAsync(HostUpdater updater, string latest) =>
        updater.PlanAsync(new ContainerSelector(["svc"], [], false), (_, _) => Task.FromResult<string?>(latest), default);
}
