using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Update state per engine against two real dockerd engines (issue 14 item 3, the reproduced safety bug): each has a
/// container <c>web</c>; an update of engine 2's is SIGKILLed after <c>RenamedAside</c>; a <c>host update</c> of engine
/// 1 must leave engine 1's container exactly as it was and engine 2 alone, and only a run against engine 2 recovers it
/// there. The same holds for the record as an older version kept it (by name alone, directly under the state dir).
/// </summary>
[Collection(FleetEnginesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FleetStateTests(FleetEnginesFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_SameNameOnTwoEnginesAndEngine2KilledMidUpdate_Engine1UntouchedAndRecoveryOnlyOnEngine2()
    {
        // Given: web on engine 2 runs build 1, build 2 is pushed, web on engine 1 already runs build 2
        var registry = fixture.Registry!.Host;
        var reference = $"{registry}/fleet/web:1";
        using var push = fixture.Push;
        var v1 = await TinyAppImage.PushAsync(push, "fleet/web", "1", 1);
        await fixture.DockerAsync(1, "pull", "-q", reference);
        await fixture.DockerAsync(1, "run", "-d", "--name", "web", "-e", "ENGINE=2", reference);
        var v2 = await TinyAppImage.PushAsync(push, "fleet/web", "1", 2);
        await fixture.DockerAsync(0, "pull", "-q", reference);
        await fixture.DockerAsync(0, "run", "-d", "--name", "web", "-e", "ENGINE=1", reference);
        var engine1Before = await InspectAsync(0, "web");
        var state = fixture.NewDirectory("web-state");
        var (host1, host2) = (fixture.Engines[0].Host, fixture.Engines[1].Host);
        // And: the update of engine 2's web killed after stopping and parking it
        await DrydockProcess.KillWhenAsync("paused after phase RenamedAside", new Dictionary<string, string> { ["DRYDOCK_TEST_PAUSE_AFTER_PHASE"] = "RenamedAside" },
            "host", "update", "--host", host2, "--container", "web", "--state-dir", state, "--insecure-registry", registry);
        var pending = Assert.Single(EngineState.PendingFiles(state));
        Assert.Equal(["web-drydock-old"], await NamesAsync(1));

        // When: an update of engine 1
        var run1 = await UpdateAsync(host1, state);

        // Then: engine 1's web is the same container, running, on build 2; engine 2 still holds its parked web and record
        Assert.True(run1.ExitCode == 0, run1.Stdout + run1.Stderr);
        Assert.DoesNotContain("recovered", run1.Stdout, StringComparison.Ordinal);
        await AssertUntouchedAsync(engine1Before, v2.ImageId);
        Assert.Equal(["web-drydock-old"], await NamesAsync(1));
        Assert.Equal([pending], EngineState.PendingFiles(state));

        // Given: the same record as an older version kept it, by container name alone
        var legacy = Path.Combine(state, "updates", "web.json");
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(pending))!.AsObject();
        json.Remove("engineKey");
        await File.WriteAllTextAsync(legacy, json.ToJsonString());
        File.Delete(pending);

        // When: engine 1 again
        var run2 = await UpdateAsync(host1, state);

        // Then: the legacy record is not engine 1's (it names no container there): reported and left alone
        Assert.True(run2.ExitCode == 0, run2.Stdout + run2.Stderr);
        Assert.Contains("names no container of this engine: left alone", run2.Stderr, StringComparison.Ordinal);
        await AssertUntouchedAsync(engine1Before, v2.ImageId);
        Assert.True(File.Exists(legacy));
        Assert.Equal(["web-drydock-old"], await NamesAsync(1));

        // When: engine 2
        var run3 = await UpdateAsync(host2, state);

        // Then: adopted by engine 2, recovered there and updated to build 2; engine 1 still untouched
        Assert.True(run3.ExitCode == 0, run3.Stdout + run3.Stderr);
        Assert.Contains("\tweb\trecovered\t", run3.Stdout, StringComparison.Ordinal);
        Assert.Contains("\tweb\tupdated\t", run3.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(legacy));
        Assert.Empty(EngineState.PendingFiles(state));
        var web2 = await InspectAsync(1, "web");
        Assert.Equal(v2.ImageId, web2["Image"]!.GetValue<string>());
        Assert.Contains("ENGINE=2", web2["Config"]!["Env"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["web"], await NamesAsync(1));
        await AssertUntouchedAsync(engine1Before, v2.ImageId);
        Assert.NotEqual(v1.ImageId, v2.ImageId);
    }

    private Task<DrydockProcess.Result> UpdateAsync(string host, string state) =>
        DrydockProcess.RunAsync(null, "host", "update", "--host", host, "--container", "web", "--state-dir", state,
            "--insecure-registry", fixture.Registry!.Host, "--health-timeout", "60");

    private async Task AssertUntouchedAsync(JsonNode before, string imageId)
    {
        var now = await InspectAsync(0, "web");
        Assert.Equal(before["Id"]!.GetValue<string>(), now["Id"]!.GetValue<string>());
        Assert.Equal(imageId, now["Image"]!.GetValue<string>());
        Assert.True(now["State"]!["Running"]!.GetValue<bool>());
        Assert.Equal(before["State"]!["StartedAt"]!.GetValue<string>(), now["State"]!["StartedAt"]!.GetValue<string>());
        Assert.Equal(["web"], await NamesAsync(0));
    }

    private Task<JsonNode> InspectAsync(int engine, string name) => EngineState.InspectAsync(args => fixture.DockerAsync(engine, args), name);

    private Task<string[]> NamesAsync(int engine) => EngineState.ContainerNamesAsync(args => fixture.DockerAsync(engine, args), "web");
}
