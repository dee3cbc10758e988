using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Compose-managed containers on a real dockerd (issue 14 item 7), created as docker compose creates them (its labels,
/// a project network <c>shop_default</c>, the service name as network alias; no compose binary needed): <c>--project
/// shop</c> updates shop's services and nothing else, db before web (web's <c>com.docker.compose.depends_on</c>), and
/// each recreated service keeps its compose labels, its project network and its aliases.
/// </summary>
[Collection(FleetEnginesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FleetComposeTests(FleetEnginesFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Update_ComposeProject_DependsOnOrderAndComposeWiringKept()
    {
        // Given: project shop (db, web depends on db) and project other (web), all on build 1
        var registry = fixture.Registry!.Host;
        using var push = fixture.Push;
        var db1 = await TinyAppImage.PushAsync(push, "shop/db", "1", 1);
        var web1 = await TinyAppImage.PushAsync(push, "shop/web", "1", 1);
        await fixture.DockerAsync(0, "network", "create", "--label", "com.docker.compose.project=shop", "--label", "com.docker.compose.network=default", "shop_default");
        await ServiceAsync("shop", "db", $"{registry}/shop/db:1", db1.ImageId, null);
        await ServiceAsync("shop", "web", $"{registry}/shop/web:1", web1.ImageId, "db:service_started:false");
        await ServiceAsync("other", "web", $"{registry}/shop/web:1", web1.ImageId, null);
        var otherBefore = await InspectAsync("other-web-1");
        var db2 = await TinyAppImage.PushAsync(push, "shop/db", "1", 2);
        var web2 = await TinyAppImage.PushAsync(push, "shop/web", "1", 2);

        // When
        var run = await DrydockProcess.RunAsync(null, "host", "update", "--host", fixture.Engines[0].Host, "--project", "shop",
            "--state-dir", fixture.NewDirectory("compose-state"), "--insecure-registry", registry, "--health-timeout", "60", "--format", "json");

        // Then: db then web, both updated; other's web untouched
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var containers = JsonNode.Parse(run.Stdout)!["hosts"]![0]!["containers"]!.AsArray();
        Assert.Equal(["shop-db-1", "shop-web-1"], containers.Select(c => c!["name"]!.GetValue<string>()));
        Assert.All(containers, c => Assert.Equal("updated", c!["outcome"]!.GetValue<string>()));
        Assert.Equal(otherBefore["Id"]!.GetValue<string>(), (await InspectAsync("other-web-1"))["Id"]!.GetValue<string>());
        foreach (var (service, image) in new[] { ("db", db2.ImageId), ("web", web2.ImageId) })
        {
            var now = await InspectAsync($"shop-{service}-1");
            Assert.Equal(image, now["Image"]!.GetValue<string>());
            var labels = now["Config"]!["Labels"]!;
            Assert.Equal("shop", labels["com.docker.compose.project"]!.GetValue<string>());
            Assert.Equal(service, labels["com.docker.compose.service"]!.GetValue<string>());
            Assert.Equal("1", labels["com.docker.compose.container-number"]!.GetValue<string>());
            Assert.Equal(image, labels["com.docker.compose.image"]!.GetValue<string>());
            var network = now["NetworkSettings"]!["Networks"]!.AsObject();
            Assert.Equal(["shop_default"], network.Select(n => n.Key));
            Assert.Contains(service, network["shop_default"]!["Aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        }
        Assert.Equal("db:service_started:false", (await InspectAsync("shop-web-1"))["Config"]!["Labels"]!["com.docker.compose.depends_on"]!.GetValue<string>());
    }

    /// <summary>A container as docker compose v2 creates a service's first replica: its labels, the project network, the service as alias.</summary>
    private async Task ServiceAsync(string project, string service, string reference, string imageId, string? dependsOn)
    {
        await fixture.DockerAsync(0, "pull", "-q", reference);
        if (project != "shop") await fixture.DockerAsync(0, "network", "create", $"{project}_default");
        string[] depends = dependsOn is null ? [] : ["--label", "com.docker.compose.depends_on=" + dependsOn];
        await fixture.DockerAsync(0, ["run", "-d", "--name", $"{project}-{service}-1", "--network", $"{project}_default", "--network-alias", service,
            "--label", "com.docker.compose.project=" + project, "--label", "com.docker.compose.service=" + service,
            "--label", "com.docker.compose.container-number=1", "--label", "com.docker.compose.oneoff=False",
            "--label", "com.docker.compose.config-hash=" + new string('a', 64), "--label", "com.docker.compose.image=" + imageId, .. depends, reference]);
    }

    private Task<JsonNode> InspectAsync(string name) => EngineState.InspectAsync(args => fixture.DockerAsync(0, args), name);
}
