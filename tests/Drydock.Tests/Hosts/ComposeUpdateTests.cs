using System.Text.Json.Nodes;
using Drydock.Hosts;
using Drydock.Hosts.Update;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Hosts;

/// <summary>
/// Compose-managed containers (issue 14 item 7): depends_on resolves within the container's own project (two projects
/// may both have a "store" service), <c>--project</c> selects by compose's project label, and a recreated service keeps
/// compose's labels with its image label naming the new image.
/// </summary>
public sealed class ComposeUpdateTests
{
    private const string V1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string V2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [Fact]
    public void Sort_TwoProjectsSameServiceNames_EachAppAfterItsOwnStore()
    {
        // Given: p2's store is listed first, so a lookup by bare service name would find it for p1's app
        var containers = new[]
        {
            Service("p2", "store", null), Service("p1", "app", "store:service_started:false"), Service("p1", "store", null), Service("p2", "app", "store:service_healthy:true"),
        };

        // When
        var order = UpdateOrder.Sort(containers).Select(c => c.Name).ToList();

        // Then
        Assert.True(order.IndexOf("p1-store-1") < order.IndexOf("p1-app-1"), string.Join(", ", order));
        Assert.True(order.IndexOf("p2-store-1") < order.IndexOf("p2-app-1"), string.Join(", ", order));
    }

    [Fact]
    public void Selects_ProjectLabel_OnlyThatProjectsServices()
    {
        // Given: what --project p1 becomes
        var selector = new ContainerSelector([], [$"{ContainerSelector.ComposeProjectLabel}=p1"], false);

        // When / Then
        Assert.True(selector.Selects(Service("p1", "app", null)));
        Assert.False(selector.Selects(Service("p2", "app", null)));
    }

    [Fact]
    public async Task UpdateAsync_ComposeService_KeepsComposeLabelsAndRecordsNewImage()
    {
        // Given
        var stateDir = Directory.CreateTempSubdirectory("drydock-compose-").FullName;
        var engine = new FakeDockerEngine();
        engine.AddImage(V1);
        engine.AddImage(V2);
        engine.Tags["app:1"] = V1;
        var labels = new JsonObject
        {
            [ContainerInfo.ComposeProjectLabel] = "p1",
            [ContainerInfo.ComposeServiceLabel] = "app",
            ["com.docker.compose.config-hash"] = "abc",
            [ContainerUpdater.ComposeImageLabel] = V1,
        };
        engine.AddContainer("p1-app-1", "app:1", new JsonObject { ["Labels"] = labels });
        engine.Tags["app:1"] = V2;
        var updater = new ContainerUpdater(engine, new UpdateStateStore(stateDir, engine.Identity),
            new UpdateOptions { PollInterval = TimeSpan.FromMilliseconds(1), StableFor = TimeSpan.FromMilliseconds(5) });

        // When
        var outcome = await updater.UpdateAsync((await engine.InspectContainerAsync("p1-app-1", default))!, "app:1", V2, default);

        // Then
        Assert.Equal(UpdateResultKind.Updated, outcome.Kind);
        var now = (await engine.InspectContainerAsync("p1-app-1", default))!["Config"]!["Labels"]!;
        Assert.Equal("p1", now[ContainerInfo.ComposeProjectLabel]!.GetValue<string>());
        Assert.Equal("abc", now["com.docker.compose.config-hash"]!.GetValue<string>());
        Assert.Equal(V2, now[ContainerUpdater.ComposeImageLabel]!.GetValue<string>());
        Directory.Delete(stateDir, recursive: true);
    }

    private static ContainerInfo Service(string project, string service, string? dependsOn)
    {
        var labels = new JsonObject { [ContainerInfo.ComposeProjectLabel] = project, [ContainerInfo.ComposeServiceLabel] = service };
        if (dependsOn is not null) labels["com.docker.compose.depends_on"] = dependsOn;
        return ContainerInfo.From(new JsonObject
        {
            ["Id"] = $"{project}{service}".PadRight(64, '0'),
            ["Name"] = $"/{project}-{service}-1",
            ["Image"] = V1,
            ["Config"] = new JsonObject { ["Image"] = "app:1", ["Labels"] = labels },
        });
    }
}
