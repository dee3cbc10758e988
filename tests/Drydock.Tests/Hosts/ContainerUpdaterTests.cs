using System.Text.Json.Nodes;
using Drydock.Hosts;
using Drydock.Hosts.Update;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Hosts;

public sealed class ContainerUpdaterTests : IDisposable
{
    private const string OldImage = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string NewImage = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private readonly string _stateDir = Directory.CreateTempSubdirectory("drydock-state-").FullName;
    private readonly FakeDockerEngine _engine = new();
    private readonly UpdateStateStore _store;
    private readonly string _oldId;

    public ContainerUpdaterTests()
    {
        _store = new UpdateStateStore(_stateDir, _engine.Identity);
        _engine.AddImage(OldImage, new JsonObject { ["Env"] = new JsonArray("PATH=/usr/bin", "VERSION=1"), ["Cmd"] = new JsonArray("/app") });
        _engine.AddImage(NewImage, new JsonObject
        {
            ["Env"] = new JsonArray("PATH=/usr/bin", "VERSION=2"),
            ["Cmd"] = new JsonArray("/app", "--v2"),
            ["Healthcheck"] = new JsonObject { ["Test"] = new JsonArray("CMD", "/app", "health") }
        });
        _engine.Tags["app:1"] = OldImage;
        _oldId = _engine.AddContainer("svc", "app:1",
            new JsonObject
            {
                ["Env"] = new JsonArray("PATH=/usr/bin", "VERSION=1", "MODE=prod"),
                ["Cmd"] = new JsonArray("/app"),
                ["User"] = "1000",
                ["Labels"] = new JsonObject { ["team"] = "ops" },
                ["StopSignal"] = "SIGQUIT",
                ["StopTimeout"] = 7,
            },
            new JsonObject
            {
                ["RestartPolicy"] = new JsonObject { ["Name"] = "unless-stopped" },
                ["Binds"] = new JsonArray("/srv/data:/data:ro"),
                ["PortBindings"] = new JsonObject { ["80/tcp"] = new JsonArray(new JsonObject { ["HostPort"] = "8080" }) },
                ["Memory"] = 268435456,
                ["LogConfig"] = new JsonObject { ["Type"] = "json-file", ["Config"] = new JsonObject { ["max-size"] = "10m" } },
            });
        _engine.Tags["app:1"] = NewImage; // the pull moved the tag
    }

    private ContainerUpdater Updater => new(_engine, _store, new UpdateOptions { PollInterval = TimeSpan.FromMilliseconds(1), StableFor = TimeSpan.FromMilliseconds(5), HealthTimeout = TimeSpan.FromMilliseconds(300) });

    [Fact]
    public async Task UpdateAsync_HealthyNewImage_RecreatesWithSameConfigAndRemovesOld()
    {
        // Given
        _engine.HealthOf[NewImage] = "healthy";
        var inspect = (await _engine.InspectContainerAsync("svc", default))!;

        // When
        var outcome = await Updater.UpdateAsync(inspect, "app:1", NewImage, default);

        // Then
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        var now = (await _engine.InspectContainerAsync("svc", default))!;
        Assert.NotEqual(_oldId, now["Id"]!.GetValue<string>());
        Assert.Equal(NewImage, now["Image"]!.GetValue<string>());
        var config = now["Config"]!;
        // VERSION=1 and CMD were only the old image's defaults: the new image's apply; MODE was the user's.
        Assert.Equal(["PATH=/usr/bin", "VERSION=2", "MODE=prod"], config["Env"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["/app", "--v2"], config["Cmd"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("1000", config["User"]!.GetValue<string>());
        Assert.Equal("ops", config["Labels"]!["team"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(inspect["HostConfig"], now["HostConfig"]));
        Assert.Contains("stop svc signal=SIGQUIT timeout=7", _engine.Calls);
        Assert.Single(_engine.Containers);
        Assert.True(_engine.Images.ContainsKey(OldImage));
        Assert.Empty(_store.Pending());
        Assert.Equal(OldImage, _store.History("svc").Single().OldImageId);
    }

    [Fact]
    public async Task UpdateAsync_UnhealthyNewImage_RollsBackToOldContainer()
    {
        // Given
        _engine.HealthOf[NewImage] = "unhealthy";
        var inspect = (await _engine.InspectContainerAsync("svc", default))!;

        // When
        var outcome = await Updater.UpdateAsync(inspect, "app:1", NewImage, default);

        // Then
        Assert.Equal(UpdateResultKind.RolledBack, outcome.Kind);
        Assert.Contains("unhealthy", outcome.Message, StringComparison.Ordinal);
        var now = (await _engine.InspectContainerAsync("svc", default))!;
        Assert.Equal(_oldId, now["Id"]!.GetValue<string>());
        Assert.Equal(OldImage, now["Image"]!.GetValue<string>());
        Assert.True(now["State"]!["Running"]!.GetValue<bool>());
        Assert.Single(_engine.Containers);
        Assert.Empty(_store.Pending());
    }

    [Fact]
    public async Task UpdateAsync_EngineRunsNoHealthchecks_RunsTheCheckItselfAndUpdates()
    {
        // Given: a podman-like engine whose health stays "starting" unless the check is run on demand
        _engine.HealthchecksOnDemand = true;
        _engine.HealthOf[NewImage] = "healthy";
        var inspect = (await _engine.InspectContainerAsync("svc", default))!;

        // When
        var outcome = await Updater.UpdateAsync(inspect, "app:1", NewImage, default);

        // Then
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        Assert.Contains("healthcheck svc", _engine.Calls);
    }

    [Fact]
    public void Build_PodmanInspect_UlimitNamesAndGeneratedHostnameEnvNormalized()
    {
        // Given: podman reports RLIMIT_ names and HOSTNAME=<short id> in Env
        var id = new string('b', 64);
        var inspect = new JsonObject
        {
            ["Id"] = id,
            ["Config"] = new JsonObject { ["Hostname"] = id[..12], ["Env"] = new JsonArray("MODE=prod", "HOSTNAME=" + id[..12]) },
            ["HostConfig"] = new JsonObject { ["Ulimits"] = new JsonArray(new JsonObject { ["Name"] = "RLIMIT_NOFILE", ["Soft"] = 1024, ["Hard"] = 2048 }) },
        };

        // When
        var (body, _) = CreateConfigBuilder.Build(inspect, null, "app:2");

        // Then
        Assert.Equal(["MODE=prod"], body["Env"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("nofile", body["HostConfig"]!["Ulimits"]![0]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void Build_AnonymousVolumeOfTheImage_BoundAgainByNameBesideTheUsersBinds()
    {
        // Given: /data is the image's VOLUME (anonymous), /conf a user bind, /cache a named volume mount
        var inspect = new JsonObject
        {
            ["Id"] = "0123456789abcdef",
            ["Config"] = new JsonObject { ["Image"] = "app:1" },
            ["HostConfig"] = new JsonObject
            {
                ["Binds"] = new JsonArray("/srv/conf:/conf:ro"),
                ["Mounts"] = new JsonArray(new JsonObject { ["Type"] = "volume", ["Source"] = "cache", ["Target"] = "/cache" }),
            },
            ["Mounts"] = new JsonArray(
                new JsonObject { ["Type"] = "bind", ["Source"] = "/srv/conf", ["Destination"] = "/conf", ["RW"] = false },
                new JsonObject { ["Type"] = "volume", ["Name"] = "cache", ["Destination"] = "/cache", ["RW"] = true },
                new JsonObject { ["Type"] = "volume", ["Name"] = "4f1e0c", ["Destination"] = "/data", ["RW"] = true },
                new JsonObject { ["Type"] = "volume", ["Name"] = "9a8b7c", ["Destination"] = "/seed", ["RW"] = false }),
        };

        // When
        var (body, _) = CreateConfigBuilder.Build(inspect, null, "app:2");

        // Then
        Assert.Equal(["/srv/conf:/conf:ro", "4f1e0c:/data", "9a8b7c:/seed:ro"], body["HostConfig"]!["Binds"]!.AsArray().Select(b => b!.GetValue<string>()));
    }

    [Fact]
    public async Task UpdateAsync_NoHealthcheckAndExits_RollsBack()
    {
        _engine.Images[NewImage]["Config"]!.AsObject().Remove("Healthcheck");
        _engine.HealthOf[NewImage] = "exit";
        var outcome = await Updater.UpdateAsync((await _engine.InspectContainerAsync("svc", default))!, "app:1", NewImage, default);
        Assert.Equal(UpdateResultKind.RolledBack, outcome.Kind);
        Assert.Contains("exited", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_NoHealthcheckStaysUp_UpdatesAfterStablePeriod()
    {
        _engine.Images[NewImage]["Config"]!.AsObject().Remove("Healthcheck");
        _engine.HealthOf[NewImage] = null;
        var outcome = await Updater.UpdateAsync((await _engine.InspectContainerAsync("svc", default))!, "app:1", NewImage, default);
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        Assert.Contains("without restarting", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoverAsync_CrashBetweenStopAndStart_RestoresOldContainer()
    {
        // Given: a run recorded the backout point, stopped and parked the old container, then died.
        var inspect = (await _engine.InspectContainerAsync("svc", default))!;
        _store.Save(new UpdateState
        {
            ContainerName = "svc",
            OldContainerId = _oldId,
            OldImageId = OldImage,
            ImageReference = "app:1",
            NewImageId = NewImage,
            OldInspect = inspect,
            WasRunning = true,
            Phase = UpdatePhase.RenamedAside,
            StartedAt = DateTimeOffset.UnixEpoch,
        });
        await _engine.StopContainerAsync(_oldId, null, null, default);
        await _engine.RenameContainerAsync(_oldId, "svc-drydock-old", default);

        // When
        var outcome = await Updater.RecoverAsync(_store.Pending().Single(), default);

        // Then: backing out an interrupted update is a recovery, not a failed update
        Assert.Equal(UpdateResultKind.Recovered, outcome.Kind);
        var now = (await _engine.InspectContainerAsync("svc", default))!;
        Assert.Equal(_oldId, now["Id"]!.GetValue<string>());
        Assert.True(now["State"]!["Running"]!.GetValue<bool>());
        Assert.Empty(_store.Pending());
    }

    [Fact]
    public async Task RecoverAsync_CrashWhileVerifying_FinishesWhenHealthy()
    {
        // Given: the new container had started when the run died.
        _engine.HealthOf[NewImage] = "healthy";
        var inspect = (await _engine.InspectContainerAsync("svc", default))!;
        await _engine.StopContainerAsync(_oldId, null, null, default);
        await _engine.RenameContainerAsync(_oldId, "svc-drydock-old", default);
        var newId = await _engine.CreateContainerAsync("svc", CreateConfigBuilder.Build(inspect, null, "app:1").Body, default);
        await _engine.StartContainerAsync(newId, default);
        var state = new UpdateState
        {
            ContainerName = "svc",
            OldContainerId = _oldId,
            OldImageId = OldImage,
            ImageReference = "app:1",
            NewImageId = NewImage,
            OldInspect = inspect,
            WasRunning = true,
            NewContainerId = newId,
            Phase = UpdatePhase.Verifying,
            StartedAt = DateTimeOffset.UnixEpoch,
        };
        _store.Save(state);

        // When
        var outcome = await Updater.RecoverAsync(state, default);

        // Then
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        Assert.Equal(newId, (await _engine.InspectContainerAsync("svc", default))!["Id"]!.GetValue<string>());
        Assert.Null(await _engine.InspectContainerAsync("svc-drydock-old", default));
    }

    [Fact]
    public async Task UpdateAsync_UnfinishedUpdatePending_Refuses()
    {
        var inspect = (await _engine.InspectContainerAsync("svc", default))!;
        _store.Save(new UpdateState
        {
            ContainerName = "svc",
            OldContainerId = _oldId,
            OldImageId = OldImage,
            ImageReference = "app:1",
            NewImageId = NewImage,
            OldInspect = inspect,
            Phase = UpdatePhase.Recorded,
            StartedAt = DateTimeOffset.UnixEpoch,
        });
        var e = await Assert.ThrowsAsync<DrydockException>(() => Updater.UpdateAsync(inspect, "app:1", NewImage, default));
        Assert.Contains("unfinished update", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NetworksAndHostname_KeepsAliasesDropsEngineGenerated()
    {
        // Given
        var id = new string('a', 64);
        var inspect = new JsonObject
        {
            ["Id"] = id,
            ["Config"] = new JsonObject { ["Hostname"] = id[..12], ["Image"] = "app:1" },
            ["HostConfig"] = new JsonObject { ["NetworkMode"] = "front" },
            ["NetworkSettings"] = new JsonObject
            {
                ["Networks"] = new JsonObject
                {
                    ["front"] = new JsonObject { ["Aliases"] = new JsonArray("web", id[..12]), ["NetworkID"] = "n1", ["IPAddress"] = "10.0.0.2" },
                    ["back"] = new JsonObject { ["Aliases"] = new JsonArray("api") },
                },
            },
        };

        // When
        var (body, extra) = CreateConfigBuilder.Build(inspect, null, "app:2");

        // Then: the NetworkMode network is joined at create (as the docker CLI does), the other one connected after
        Assert.Null(body["Hostname"]);
        Assert.Equal("app:2", body["Image"]!.GetValue<string>());
        var front = body["NetworkingConfig"]!["EndpointsConfig"]!["front"]!;
        Assert.Equal(["web"], front["Aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Null(front["IPAddress"]);
        Assert.Equal("back", extra.Single().Network);
        Assert.Equal(["api"], extra.Single().Endpoint["Aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task Rollback_AfterUpdate_RecreatesOnPreviousImageWithRecordedConfig()
    {
        // Given: a healthy update to the new image
        _engine.HealthOf[NewImage] = "healthy";
        _engine.HealthOf[OldImage] = "healthy";
        _engine.Images[OldImage]["Config"]!["Healthcheck"] = new JsonObject { ["Test"] = new JsonArray("CMD", "true") };
        await Updater.UpdateAsync((await _engine.InspectContainerAsync("svc", default))!, "app:1", NewImage, default);

        // When
        var outcome = await new HostRollback(_engine, _store, new UpdateOptions { PollInterval = TimeSpan.FromMilliseconds(1), HealthTimeout = TimeSpan.FromMilliseconds(300) })
            .RollbackAsync("svc", null, default);

        // Then
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        var now = (await _engine.InspectContainerAsync("svc", default))!;
        Assert.Equal(OldImage, now["Image"]!.GetValue<string>());
        Assert.Contains("VERSION=1", now["Config"]!["Env"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains("MODE=prod", now["Config"]!["Env"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Single(_engine.Containers);
    }

    [Fact]
    public async Task Rollback_NothingRecorded_SaysSo()
    {
        var e = await Assert.ThrowsAsync<DrydockException>(() => new HostRollback(_engine, _store, new UpdateOptions()).RollbackAsync("svc", null, default));
        Assert.Contains("no recorded update", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_DependencyOrderAndSelection_UpdatesDependenciesFirst()
    {
        // Given: web links to db; both follow app:1; a third opts out
        _engine.HealthOf[NewImage] = "healthy";
        var db = _engine.AddContainer("zz-db", "app:1", new JsonObject());
        _engine.AddContainer("web", "app:1", new JsonObject(), new JsonObject { ["Links"] = new JsonArray("/zz-db:/web/db") });
        _engine.AddContainer("pinned", "app:1", new JsonObject { ["Labels"] = new JsonObject { ["drydock.update"] = "false" } });
        var updater = new HostUpdater(_engine, _store, new UpdateOptions { PollInterval = TimeSpan.FromMilliseconds(1) });

        // When
        var plan = await updater.PlanAsync(new ContainerSelector([], [], All: true), (c, _) => Task.FromResult<string?>(NewImage), default);

        // Then: svc was created before the tag moved (old image) → stale; db/web were created after → current
        Assert.Equal(["svc", "zz-db", "web"], plan.Select(p => p.Container.Name));
        Assert.Equal(NewImage, plan.Single(p => p.Container.Name == "svc").NewImageId);
        Assert.Equal("current", plan.Single(p => p.Container.Id == db).Reason);
    }

    public void Dispose() => Directory.Delete(_stateDir, true);
}
