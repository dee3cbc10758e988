using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Rollouts across real dockerd engines (issue 14 item 4): a build that fails its HEALTHCHECK with <c>--canary 1</c>
/// touches only the canary; an engine that is down is an error of that host while the others are updated; and with the
/// default <c>--max-errors 0</c> a down engine first in line stops every other host from being started. The third,
/// "down" engine is a socket nobody listens on.
/// </summary>
[Collection(FleetEnginesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FleetRolloutTests(FleetEnginesFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_BadBuildWithCanaryOne_OnlyTheCanaryIsTouched()
    {
        // Given: can-svc on both engines runs build 1; build 2 fails its HEALTHCHECK
        var reference = await RunOnBothAsync("can", 1);
        var before = await InspectBothAsync("can-svc");
        using var push = fixture.Push;
        var bad = await TinyAppImage.PushAsync(push, "fleet/can", "1", 2, healthy: false);

        // When
        var run = await UpdateAsync("can", [fixture.Engines[0].Host, fixture.Engines[1].Host], "--canary", "1", "--max-errors", "5");

        // Then: the canary rolled back, the other host was never started, and its engine never even pulled build 2
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        var hosts = JsonNode.Parse(run.Stdout)!["hosts"]!.AsArray();
        Assert.Equal("failed", hosts[0]!["outcome"]!.GetValue<string>());
        Assert.Equal("rolledback", hosts[0]!["containers"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal(bad.ImageId, hosts[0]!["containers"]![0]!["to"]!.GetValue<string>());
        Assert.Equal("skipped", hosts[1]!["outcome"]!.GetValue<string>());
        Assert.StartsWith("canary failed", JsonNode.Parse(run.Stdout)!["halted"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await InspectBothAsync("can-svc");
        Assert.Equal(before[1]["Id"]!.GetValue<string>(), after[1]["Id"]!.GetValue<string>());
        Assert.True((bool)after[1]["State"]!["Running"]!);
        var images = await fixture.DockerAsync(1, "images", "-q", "--no-trunc");
        Assert.DoesNotContain(bad.ImageId, images, StringComparison.Ordinal);
        Assert.Equal(reference, after[0]["Config"]!["Image"]!.GetValue<string>());
    }

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_OneEngineDown_ThatHostUnreachableOthersUpdated()
    {
        // Given: down-svc on both engines runs build 1, build 2 is good; the middle host is down
        await RunOnBothAsync("down", 1);
        using var push = fixture.Push;
        var v2 = await TinyAppImage.PushAsync(push, "fleet/down", "1", 2);
        var dead = DeadHost();

        // When
        var run = await UpdateAsync("down", [fixture.Engines[0].Host, dead, fixture.Engines[1].Host], "--max-errors", "1");

        // Then: exit 1 (a host failed), the down host is its own error, both engines updated
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        var hosts = JsonNode.Parse(run.Stdout)!["hosts"]!.AsArray();
        Assert.Equal(["succeeded", "unreachable", "succeeded"], hosts.Select(h => h!["outcome"]!.GetValue<string>()));
        Assert.EndsWith("down-engine.sock", hosts[1]!["host"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await InspectBothAsync("down-svc");
        Assert.All(after, c => Assert.Equal(v2.ImageId, c["Image"]!.GetValue<string>()));
    }

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_DownHostFirstWithDefaultMaxErrors_NoOtherHostStarted()
    {
        // Given
        await RunOnBothAsync("budget", 1);
        var before = await InspectBothAsync("budget-svc");
        using var push = fixture.Push;
        await TinyAppImage.PushAsync(push, "fleet/budget", "1", 2);

        // When: --max-errors defaults to 0, two at a time
        var run = await UpdateAsync("budget", [DeadHost(), fixture.Engines[0].Host, fixture.Engines[1].Host], "--max-concurrency", "1");

        // Then
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(["unreachable", "skipped", "skipped"], report["hosts"]!.AsArray().Select(h => h!["outcome"]!.GetValue<string>()));
        Assert.Contains("exceeded --max-errors 0", report["halted"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await InspectBothAsync("budget-svc");
        Assert.Equal(before.Select(c => c["Id"]!.GetValue<string>()), after.Select(c => c["Id"]!.GetValue<string>()));
    }

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_EveryHostDown_ExitThreeWithReport()
    {
        // Given / When
        var run = await DrydockProcess.RunAsync(null, "host", "update", "--host", DeadHost(), "--all", "--state-dir", fixture.NewDirectory("dead-state"));

        // Then: the table is written, then one line on stderr and exit 3
        Assert.True(run.ExitCode == 3, run.Stdout + run.Stderr);
        Assert.Contains("\t-\tunreachable\t", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("drydock: no host could be updated", run.Stderr, StringComparison.Ordinal);
    }

    private string DeadHost() => "unix://" + Path.Combine(fixture.Directory, "down-engine.sock");

    private async Task<string> RunOnBothAsync(string name, int version)
    {
        var reference = $"{fixture.Registry!.Host}/fleet/{name}:1";
        using var push = fixture.Push;
        await TinyAppImage.PushAsync(push, $"fleet/{name}", "1", version);
        for (var i = 0; i < 2; i++)
        {
            await fixture.DockerAsync(i, "pull", "-q", reference);
            await fixture.DockerAsync(i, "run", "-d", "--name", $"{name}-svc", reference);
        }
        return reference;
    }

    private Task<DrydockProcess.Result> UpdateAsync(string name, string[] hosts, params string[] extra) =>
        DrydockProcess.RunAsync(null, ["host", "update", .. hosts.SelectMany(h => new[] { "--host", h }), "--container", $"{name}-svc",
            "--state-dir", fixture.NewDirectory($"{name}-state"), "--insecure-registry", fixture.Registry!.Host, "--health-timeout", "60", "--format", "json", .. extra]);

    private async Task<JsonNode[]> InspectBothAsync(string name) =>
        [await EngineState.InspectAsync(args => fixture.DockerAsync(0, args), name), await EngineState.InspectAsync(args => fixture.DockerAsync(1, args), name)];
}
