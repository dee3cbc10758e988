using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// <c>drydock host audit / update / rollback</c> as real processes against a real dockerd and docker-registry on
/// 127.0.0.1 (issue 7 "How it is tested"): a container runs <c>repo:1</c>, a new build is pushed under the same tag, the
/// audit says stale with both digests, the update recreates the container on the new image with its whole configuration,
/// rollback returns it; an unhealthy build is rolled back by itself; a drydock killed between stop and start is
/// completed by the next run. The new containers are checked with <c>docker inspect</c>, not with Drydock's own reader.
/// </summary>
[Collection(HostEnginesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostUpdateTests(HostEnginesFixture fixture)
{
    private const string Marker = "paused after phase RenamedAside";

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task AuditUpdateRollback_NewBuildUnderSameTag_StaleThenNewDigestWithConfigurationKeptThenOldDigest()
    {
        // Given: flow-svc runs build 1 with every configuration item set, then build 2 is pushed under the same tag
        var reference = $"{fixture.Registry!.Host}/demo/flow:1";
        using var push = fixture.Push;
        var v1 = await TinyAppImage.PushAsync(push, "demo/flow", "1", 1);
        await fixture.DockerAsync("pull", "-q", reference);
        await fixture.DockerAsync("network", "create", "flow-front");
        await fixture.DockerAsync("network", "create", "flow-back");
        await fixture.DockerAsync("volume", "create", "flow-data");
        var bind = fixture.NewDirectory("flow-bind");
        var port = TestRoot.FreePort().ToString(CultureInfo.InvariantCulture);
        await fixture.DockerAsync("run", "-d", "--name", "flow-svc", "--hostname", "svc-host", "--network", "flow-front", "--network-alias", "web",
            "-p", $"127.0.0.1:{port}:8080", "-v", "flow-data:/data", "-v", "/anon", "-v", $"{bind}:/bind:ro", "--tmpfs", "/scratch:size=1m",
            "--restart", "unless-stopped", "--memory", "64m", "--cpu-shares", "512", "--log-opt", "max-size=1m", "--log-opt", "max-file=2",
            "--health-cmd", "test -f /app/version", "--health-interval", "1s", "--health-retries", "2",
            "-e", "MODE=prod", "--user", "1000:1000", "--workdir", "/work", "--label", "team=ops", "--stop-timeout", "3",
            "--entrypoint", "/bin/sh", reference, "-c", "trap 'exit 0' TERM; while :; do sleep 0.3; done");
        await fixture.DockerAsync("network", "connect", "--alias", "api", "flow-back", "flow-svc");
        var before = await InspectAsync("flow-svc");
        var v2 = await TinyAppImage.PushAsync(push, "demo/flow", "1", 2);
        var state = fixture.NewDirectory("flow-state");

        // When: audit
        var audit = await DrydockProcess.RunAsync(null, "host", "audit", "--host", fixture.Dockerd!.Host, "--insecure-registry", fixture.Registry.Host, "--format", "json");

        // Then: stale, with the digest in use and the tag's latest digest
        Assert.True(audit.ExitCode == 0, audit.Stderr);
        var svc = JsonNode.Parse(audit.Stdout)!["containers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "flow-svc")!;
        Assert.True(svc["stale"]!.GetValue<bool>());
        Assert.Equal(v1.ManifestDigest, svc["imageDigest"]!.GetValue<string>());
        Assert.Equal(v2.ManifestDigest, svc["latestDigest"]!.GetValue<string>());
        Assert.Equal(v1.ImageId, svc["imageId"]!.GetValue<string>());
        Assert.Equal(v2.ImageId, svc["latestImageId"]!.GetValue<string>());

        // When: a dry run
        var dryRun = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Dockerd.Host, "--container", "flow-svc",
            "--state-dir", state, "--insecure-registry", fixture.Registry.Host, "--dry-run");

        // Then: the plan says update, and nothing changed
        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Contains("\tflow-svc\tupdate\t", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("\tstale: ", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(before["Id"]!.GetValue<string>(), (await InspectAsync("flow-svc"))["Id"]!.GetValue<string>());
        Assert.Empty(EngineState.PendingFiles(state));

        // When: update
        var update = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Dockerd.Host, "--container", "flow-svc",
            "--state-dir", state, "--insecure-registry", fixture.Registry.Host, "--health-timeout", "60");

        // Then: recreated on build 2 with every setting kept; the old image is still there, the parked container is gone
        Assert.True(update.ExitCode == 0, update.Stdout + update.Stderr);
        Assert.Contains("\tflow-svc\tupdated\t", update.Stdout, StringComparison.Ordinal);
        var updated = await InspectAsync("flow-svc");
        Assert.Equal(v2.ImageId, updated["Image"]!.GetValue<string>());
        Assert.NotEqual(before["Id"]!.GetValue<string>(), updated["Id"]!.GetValue<string>());
        AssertSameConfiguration(before, updated, version: 2);
        Assert.Equal(reference, updated["Config"]!["Image"]!.GetValue<string>());
        Assert.Equal(["flow-svc"], await ContainerNamesAsync("flow-svc"));
        await fixture.DockerAsync("image", "inspect", v1.ImageId);

        // When: rollback
        var rollback = await DrydockProcess.RunAsync(null, "host", "rollback", "flow-svc", "--host", fixture.Dockerd.Host, "--state-dir", state, "--health-timeout", "60");

        // Then: build 1 again, same configuration
        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        var back = await InspectAsync("flow-svc");
        Assert.Equal(v1.ImageId, back["Image"]!.GetValue<string>());
        AssertSameConfiguration(before, back, version: 1);
        Assert.Equal(["flow-svc"], await ContainerNamesAsync("flow-svc"));
        Assert.Empty(EngineState.PendingFiles(state));
    }

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_NewBuildFailsItsHealthcheck_RolledBackAndRunningOnOldDigest()
    {
        // Given: the new build under the tag lacks /app/ok, which the image's HEALTHCHECK tests
        var reference = $"{fixture.Registry!.Host}/demo/sick:1";
        using var push = fixture.Push;
        var v1 = await TinyAppImage.PushAsync(push, "demo/sick", "1", 1);
        await fixture.DockerAsync("pull", "-q", reference);
        await fixture.DockerAsync("run", "-d", "--name", "sick-svc", "--restart", "on-failure:3", reference);
        var bad = await TinyAppImage.PushAsync(push, "demo/sick", "1", 2, healthy: false);
        var state = fixture.NewDirectory("sick-state");

        // When
        var update = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Dockerd!.Host, "--container", "sick-svc",
            "--state-dir", state, "--insecure-registry", fixture.Registry.Host, "--health-timeout", "60");

        // Then: exit 1, rolled back, running on build 1; the unhealthy container is gone, the new image stays pulled
        Assert.True(update.ExitCode == 1, update.Stdout + update.Stderr);
        Assert.Contains("\tsick-svc\trolledback\t", update.Stdout, StringComparison.Ordinal);
        Assert.Contains("unhealthy", update.Stdout, StringComparison.Ordinal);
        var now = await InspectAsync("sick-svc");
        Assert.Equal(v1.ImageId, now["Image"]!.GetValue<string>());
        Assert.True(now["State"]!["Running"]!.GetValue<bool>());
        Assert.Equal(["sick-svc"], await ContainerNamesAsync("sick-svc"));
        await fixture.DockerAsync("image", "inspect", bad.ImageId);
        Assert.Empty(EngineState.PendingFiles(state));
    }

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_KilledBetweenStopAndStart_NextUpdateCompletesOnNewDigest()
    {
        // Given: drydock was SIGKILLed after stopping and parking the old container, before creating the new one
        var (name, v1, v2, state) = await KillMidUpdateAsync("crash-up");

        // When
        var next = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Dockerd!.Host, "--container", name,
            "--state-dir", state, "--insecure-registry", fixture.Registry!.Host, "--health-timeout", "60");

        // Then: the interrupted update is backed out, then done again: build 2, nothing parked, no state left
        Assert.True(next.ExitCode == 0, next.Stdout + next.Stderr);
        Assert.Contains($"\t{name}\trecovered\t", next.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\t{name}\tupdated\t", next.Stdout, StringComparison.Ordinal);
        var now = await InspectAsync(name);
        Assert.Equal(v2.ImageId, now["Image"]!.GetValue<string>());
        Assert.True(now["State"]!["Running"]!.GetValue<bool>());
        Assert.Equal([name], await ContainerNamesAsync(name));
        Assert.Empty(EngineState.PendingFiles(state));
        Assert.NotEqual(v1.ImageId, v2.ImageId);
    }

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Rollback_KilledBetweenStopAndStart_RollbackRestoresOldContainer()
    {
        // Given
        var (name, v1, _, state) = await KillMidUpdateAsync("crash-rb");

        // When
        var next = await DrydockProcess.RunAsync(null, "host", "rollback", name, "--host", fixture.Dockerd!.Host, "--state-dir", state);

        // Then: the parked container is back under its name and running build 1
        Assert.True(next.ExitCode == 0, next.Stdout + next.Stderr);
        Assert.Contains($"\t{name}\trecovered\t", next.Stdout, StringComparison.Ordinal);
        var now = await InspectAsync(name);
        Assert.Equal(v1.ImageId, now["Image"]!.GetValue<string>());
        Assert.True(now["State"]!["Running"]!.GetValue<bool>());
        Assert.Equal([name], await ContainerNamesAsync(name));
        Assert.Empty(EngineState.PendingFiles(state));
    }

    /// <summary>Runs <c>NAME-svc</c> on build 1, pushes build 2, and SIGKILLs a <c>host update</c> paused after RenamedAside.</summary>
    private async Task<(string Name, TinyAppImage.Pushed V1, TinyAppImage.Pushed V2, string State)> KillMidUpdateAsync(string repo)
    {
        var name = repo + "-svc";
        var reference = $"{fixture.Registry!.Host}/demo/{repo}:1";
        using var push = fixture.Push;
        var v1 = await TinyAppImage.PushAsync(push, "demo/" + repo, "1", 1);
        await fixture.DockerAsync("pull", "-q", reference);
        await fixture.DockerAsync("run", "-d", "--name", name, "-e", "KEEP=me", reference);
        var v2 = await TinyAppImage.PushAsync(push, "demo/" + repo, "1", 2);
        var state = fixture.NewDirectory(repo + "-state");
        var stderr = await DrydockProcess.KillWhenAsync(Marker, new Dictionary<string, string> { ["DRYDOCK_TEST_PAUSE_AFTER_PHASE"] = "RenamedAside" },
            "host", "update", "--host", fixture.Dockerd!.Host, "--container", name, "--state-dir", state, "--insecure-registry", fixture.Registry.Host);
        // The crash left: the state file, the old container stopped under its parking name, nothing under its own name.
        Assert.True(EngineState.PendingFiles(state).Select(Path.GetFileName).SequenceEqual([name + ".json"]), stderr);
        Assert.Equal([name + "-drydock-old"], await ContainerNamesAsync(name));
        Assert.False((await InspectAsync(name + "-drydock-old"))["State"]!["Running"]!.GetValue<bool>());
        return (name, v1, v2, state);
    }

    private static void AssertSameConfiguration(JsonNode before, JsonNode after, int version)
    {
        var (b, a) = (before["Config"]!, after["Config"]!);
        // The image's own defaults follow the image (APP_VERSION, its label); everything the user set is kept.
        Assert.Equal(Strings(b["Env"]).Select(e => e.StartsWith("APP_VERSION=", StringComparison.Ordinal) ? $"APP_VERSION={version}" : e).Order(),
            Strings(a["Env"]).Order());
        Assert.Equal(version.ToString(CultureInfo.InvariantCulture), a["Labels"]!["org.opencontainers.image.version"]!.GetValue<string>());
        Assert.Equal("ops", a["Labels"]!["team"]!.GetValue<string>());
        foreach (var key in new[] { "Cmd", "Entrypoint", "User", "WorkingDir", "Hostname", "Healthcheck", "StopTimeout", "ExposedPorts" })
            Assert.True(JsonNode.DeepEquals(b[key], a[key]), $"Config.{key}: {b[key]?.ToJsonString()} became {a[key]?.ToJsonString()}");
        // HostConfig holds binds, port bindings, restart policy, resources, log config, tmpfs, network mode; the anonymous
        // volume (-v /anon) is bound again by its name, so Binds gains exactly that entry and the mounts stay the same.
        var anonymous = before["Mounts"]!.AsArray().Single(m => m!["Destination"]!.GetValue<string>() == "/anon")!["Name"]!.GetValue<string>();
        var (bh, ah) = ((JsonObject)before["HostConfig"]!.DeepClone(), (JsonObject)after["HostConfig"]!.DeepClone());
        Assert.Equal([.. Strings(bh["Binds"]), anonymous + ":/anon"], Strings(ah["Binds"]));
        bh.Remove("Binds");
        ah.Remove("Binds");
        Assert.True(JsonNode.DeepEquals(bh, ah), $"HostConfig:\n{bh.ToJsonString()}\n{ah.ToJsonString()}");
        Assert.Equal(Mounts(before), Mounts(after));
        var (bn, an) = (before["NetworkSettings"]!["Networks"]!.AsObject(), after["NetworkSettings"]!["Networks"]!.AsObject());
        Assert.Equal(bn.Select(n => n.Key).Order(), an.Select(n => n.Key).Order());
        Assert.Contains("web", Strings(an["flow-front"]!["Aliases"]));
        Assert.Contains("api", Strings(an["flow-back"]!["Aliases"]));
        Assert.Equal("healthy", after["State"]!["Health"]!["Status"]!.GetValue<string>());
    }

    private static IEnumerable<string> Mounts(JsonNode inspect) =>
        inspect["Mounts"]!.AsArray().Select(m => $"{m!["Type"]} {m["Name"]} {m["Source"]} {m["Destination"]} {m["RW"]}").Order();

    private static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(e => e!.GetValue<string>()) ?? [];

    private Task<JsonNode> InspectAsync(string name) => EngineState.InspectAsync(args => fixture.DockerAsync(args), name);

    private Task<string[]> ContainerNamesAsync(string prefix) => EngineState.ContainerNamesAsync(args => fixture.DockerAsync(args), prefix);
}
