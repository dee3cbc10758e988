using Drydock.IntegrationTests.Controls;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Shared by the host update tests: one plain docker-registry and one dockerd (vfs, no bridge, no iptables), both on
/// loopback only, in their own run folders. Each test uses its own repository and container names. Does nothing when a
/// program is missing or the user is not root (the tests then skip).
/// </summary>
public sealed class HostEnginesFixture : IAsyncLifetime
{
    public static readonly string[] Tools = ["dockerd", "docker", "docker-registry", .. TestImages.Tools];

    internal RegistryServer? Registry { get; private set; }

    internal DockerdServer? Dockerd { get; private set; }

    internal RegistryPush Push => new(Registry!.Host);

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(Tools) is not null || Environment.UserName != "root") return;
        Registry = await RegistryServer.StartAsync(RegistryMode.Plain);
        Dockerd = await DockerdServer.StartAsync();
    }

    /// <summary>The docker CLI against this fixture's dockerd.</summary>
    internal Task<string> DockerAsync(params string[] args) =>
        ExternalProcess.RunAsync("docker", ["-H", Dockerd!.Host, .. args], TimeSpan.FromMinutes(2));

    public Task DisposeAsync()
    {
        Dockerd?.Dispose();
        Registry?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class HostEnginesCollection : ICollectionFixture<HostEnginesFixture>
{
    public const string Name = "host engines";
}
