using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// The core host flow against podman's Docker-compatible service (API 1.41) instead of dockerd: audit says stale with
/// both digests, update recreates on the new image (podman runs no healthchecks without systemd, so Drydock runs the
/// container's HEALTHCHECK through libpod's healthcheck endpoint), rollback returns to the old image, and a build that
/// fails its HEALTHCHECK is rolled back. Containers use the host network, so netavark never touches the host firewall.
/// </summary>
[Collection(PodmanServiceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostPodmanTests(PodmanServiceFixture fixture)
{
    [IntegrationFact("podman", "runc", "conmon", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task AuditUpdateRollback_Podman_StaleThenNewImageThenOldImage()
    {
        // Given
        var registry = fixture.Registry!.Host;
        var reference = $"{registry}/demo/pod:1";
        using var push = fixture.Push;
        var v1 = await TinyAppImage.PushAsync(push, "demo/pod", "1", 1);
        await fixture.DockerAsync("pull", "-q", reference);
        await fixture.DockerAsync("run", "-d", "--name", "pod-svc", "--network", "host", "-e", "MODE=prod", "--label", "team=ops",
            "--restart", "unless-stopped", "--user", "1000:1000", "--memory", "64m", reference);
        var before = await InspectAsync("pod-svc");
        var v2 = await TinyAppImage.PushAsync(push, "demo/pod", "1", 2);
        var state = fixture.NewDirectory("pod-state");

        // When: audit
        var audit = await DrydockProcess.RunAsync(null, "host", "audit", "--host", fixture.Host, "--insecure-registry", registry, "--format", "json");

        // Then
        Assert.True(audit.ExitCode == 0, audit.Stderr);
        var report = JsonNode.Parse(audit.Stdout)!;
        Assert.Equal("1.41", report["hosts"]![0]!["apiVersion"]!.GetValue<string>());
        var svc = report["containers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "pod-svc")!;
        Assert.True(svc["stale"]!.GetValue<bool>());
        Assert.Equal(v1.ManifestDigest, svc["imageDigest"]!.GetValue<string>());
        Assert.Equal(v2.ManifestDigest, svc["latestDigest"]!.GetValue<string>());

        // When: update
        var update = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Host, "--container", "pod-svc",
            "--state-dir", state, "--insecure-registry", registry, "--health-timeout", "60");

        // Then
        Assert.True(update.ExitCode == 0, update.Stdout + update.Stderr);
        var updated = await InspectAsync("pod-svc");
        Assert.Equal(v2.ImageId, updated["Image"]!.GetValue<string>());
        AssertKept(before, updated);
        Assert.Equal("healthy", updated["State"]!["Health"]!["Status"]!.GetValue<string>());

        // When: rollback
        var rollback = await DrydockProcess.RunAsync(null, "host", "rollback", "pod-svc", "--host", fixture.Host, "--state-dir", state, "--health-timeout", "60");

        // Then
        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        var back = await InspectAsync("pod-svc");
        Assert.Equal(v1.ImageId, back["Image"]!.GetValue<string>());
        AssertKept(before, back);
        Assert.Equal(["pod-svc"], await ContainerNamesAsync("pod-svc"));
    }

    [IntegrationFact("podman", "runc", "conmon", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_PodmanBuildFailsHealthcheck_RolledBackToOldImage()
    {
        // Given
        var registry = fixture.Registry!.Host;
        var reference = $"{registry}/demo/podsick:1";
        using var push = fixture.Push;
        var v1 = await TinyAppImage.PushAsync(push, "demo/podsick", "1", 1);
        await fixture.DockerAsync("pull", "-q", reference);
        await fixture.DockerAsync("run", "-d", "--name", "podsick-svc", "--network", "host", reference);
        await TinyAppImage.PushAsync(push, "demo/podsick", "1", 2, healthy: false);
        var state = fixture.NewDirectory("podsick-state");

        // When
        var update = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Host, "--container", "podsick-svc",
            "--state-dir", state, "--insecure-registry", registry, "--health-timeout", "60");

        // Then
        Assert.True(update.ExitCode == 1, update.Stdout + update.Stderr);
        Assert.Contains("\tpodsick-svc\trolledback\t", update.Stdout, StringComparison.Ordinal);
        var now = await InspectAsync("podsick-svc");
        Assert.Equal(v1.ImageId, now["Image"]!.GetValue<string>());
        Assert.True(now["State"]!["Running"]!.GetValue<bool>());
        Assert.Equal(["podsick-svc"], await ContainerNamesAsync("podsick-svc"));
    }

    private static void AssertKept(JsonNode before, JsonNode after)
    {
        var env = after["Config"]!["Env"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains("MODE=prod", env);
        Assert.Equal("ops", after["Config"]!["Labels"]!["team"]!.GetValue<string>());
        Assert.Equal(before["Config"]!["User"]!.GetValue<string>(), after["Config"]!["User"]!.GetValue<string>());
        foreach (var key in new[] { "RestartPolicy", "Memory", "NetworkMode", "Ulimits" })
            Assert.True(JsonNode.DeepEquals(before["HostConfig"]![key], after["HostConfig"]![key]), $"HostConfig.{key}: {before["HostConfig"]![key]?.ToJsonString()} became {after["HostConfig"]![key]?.ToJsonString()}");
        Assert.True(after["State"]!["Running"]!.GetValue<bool>());
    }

    private Task<JsonNode> InspectAsync(string name) => EngineState.InspectAsync(args => fixture.DockerAsync(args), name);

    private Task<string[]> ContainerNamesAsync(string prefix) => EngineState.ContainerNamesAsync(args => fixture.DockerAsync(args), prefix);
}
