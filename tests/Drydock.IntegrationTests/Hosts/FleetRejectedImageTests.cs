using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Rejected digests instead of eternal pins (issue 14 item 5) on a real dockerd: a build that fails its HEALTHCHECK is
/// rolled back and recorded as rejected; the next run leaves the container alone while the tag still names that build
/// (and the audit shows it); a newer good build is then taken. A manual rollback then pins it: asked for by name it is
/// reported as pinned with exit 1, and <c>--unpin</c> makes it follow its tag again.
/// </summary>
[Collection(FleetEnginesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FleetRejectedImageTests(FleetEnginesFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_RejectedBuildThenNewerGoodBuild_SkipsRejectedThenTakesNewer()
    {
        // Given: rej-svc runs build 1; build 2 under the same tag fails its HEALTHCHECK
        var registry = fixture.Registry!.Host;
        var reference = $"{registry}/fleet/rej:1";
        using var push = fixture.Push;
        var v1 = await TinyAppImage.PushAsync(push, "fleet/rej", "1", 1);
        await fixture.DockerAsync(0, "pull", "-q", reference);
        await fixture.DockerAsync(0, "run", "-d", "--name", "rej-svc", reference);
        var bad = await TinyAppImage.PushAsync(push, "fleet/rej", "1", 2, healthy: false);
        var state = fixture.NewDirectory("rej-state");

        // When: the update to build 2
        var first = await UpdateAsync(state);

        // Then: rolled back (exit 1), on build 1
        Assert.True(first.ExitCode == 1, first.Stdout + first.Stderr);
        Assert.Contains("\trej-svc\trolledback\t", first.Stdout, StringComparison.Ordinal);
        var afterRollback = await InspectAsync();
        Assert.Equal(v1.ImageId, afterRollback["Image"]!.GetValue<string>());

        // When: run again while the tag still names build 2
        var second = await UpdateAsync(state);

        // Then: left alone, saying it was rejected; the same container is still running
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.Contains("\trej-svc\tkept\t", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("failed this container's health gate", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(afterRollback["Id"]!.GetValue<string>(), (await InspectAsync())["Id"]!.GetValue<string>());

        // And: the audit shows the rejected image
        var audit = await DrydockProcess.RunAsync(null, "host", "audit", "--host", fixture.Engines[0].Host, "--state-dir", state,
            "--insecure-registry", registry, "--format", "json");
        Assert.True(audit.ExitCode == 0, audit.Stderr);
        var svc = JsonNode.Parse(audit.Stdout)!["containers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "rej-svc")!;
        Assert.Equal(bad.ImageId, svc["rejected"]!.AsArray().Single()!["imageId"]!.GetValue<string>());

        // When: a newer good build is pushed
        var v3 = await TinyAppImage.PushAsync(push, "fleet/rej", "1", 3);
        var third = await UpdateAsync(state);

        // Then: taken
        Assert.True(third.ExitCode == 0, third.Stdout + third.Stderr);
        Assert.Contains("\trej-svc\tupdated\t", third.Stdout, StringComparison.Ordinal);
        Assert.Equal(v3.ImageId, (await InspectAsync())["Image"]!.GetValue<string>());

        // When: rolled back by hand, then asked for by name
        var rollback = await DrydockProcess.RunAsync(null, "host", "rollback", "rej-svc", "--host", fixture.Engines[0].Host, "--state-dir", state, "--health-timeout", "60");
        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        var pinned = await UpdateAsync(state);

        // Then: pinned, said so, non-zero, untouched on build 1
        Assert.True(pinned.ExitCode == 1, pinned.Stdout + pinned.Stderr);
        Assert.Contains("\trej-svc\tpinned\t", pinned.Stdout, StringComparison.Ordinal);
        Assert.Contains("--unpin rej-svc", pinned.Stdout, StringComparison.Ordinal);
        Assert.Equal(v1.ImageId, (await InspectAsync())["Image"]!.GetValue<string>());

        // When: unpinned
        var unpinned = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Engines[0].Host, "--unpin", "rej-svc", "--state-dir", state,
            "--insecure-registry", registry, "--health-timeout", "60");

        // Then: it follows its tag again
        Assert.True(unpinned.ExitCode == 0, unpinned.Stdout + unpinned.Stderr);
        var now = await InspectAsync();
        Assert.Equal(v3.ImageId, now["Image"]!.GetValue<string>());
        Assert.Equal(reference, now["Config"]!["Image"]!.GetValue<string>());
    }

    private Task<DrydockProcess.Result> UpdateAsync(string state) =>
        DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Engines[0].Host, "--container", "rej-svc", "--state-dir", state,
            "--insecure-registry", fixture.Registry!.Host, "--health-timeout", "60");

    private Task<JsonNode> InspectAsync() => EngineState.InspectAsync(args => fixture.DockerAsync(0, args), "rej-svc");
}
