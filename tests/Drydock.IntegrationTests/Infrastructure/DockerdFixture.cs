namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Shared by the engine tests: one dockerd with the test image loaded as <c>drydock-it/app:1</c>.
/// Does nothing when dockerd/docker/the image tools are missing or the user is not root (the tests then skip).
/// </summary>
public sealed class DockerdFixture : IAsyncLifetime
{
    public static readonly string[] Tools = ["dockerd", "docker", .. TestImages.Tools];
    public const string ImageName = "drydock-it/app:1";

    internal DockerdServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(Tools) is not null || Environment.UserName != "root") return;
        await TestImages.EnsureBuiltAsync();
        Server = await DockerdServer.StartAsync();
        await Server.LoadAsync(TestImages.DockerArchive);
    }

    public Task DisposeAsync()
    {
        Server?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DockerdCollection : ICollectionFixture<DockerdFixture>
{
    public const string Name = "dockerd";
}
