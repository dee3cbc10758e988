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

    /// <summary>Folders of this fixture's tests (state dirs, bind sources), removed with it.</summary>
    internal string Directory { get; } = TestRoot.NewRunDirectory("host-engines");

    internal string NewDirectory(string name) => System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(Tools) is not null || Environment.UserName != "root") return;
        Registry = await RegistryServer.StartAsync(RegistryMode.Plain);
        Dockerd = await DockerdServer.StartAsync();
    }

    /// <summary>The docker CLI against this fixture's dockerd.</summary>
    internal Task<string> DockerAsync(params string[] args) =>
        ExternalProcess.RunAsync("docker", ["-H", Dockerd!.Host, .. args], TimeSpan.FromMinutes(2));

    public async Task DisposeAsync()
    {
        if (Dockerd is not null)
        {
            // dockerd keeps the bridges of user-defined networks on the host after it stops: remove them first.
            var ids = (await DockerAsync("ps", "-aq")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0) await DockerAsync(["rm", "-f", .. ids]);
            await DockerAsync("network", "prune", "-f");
            Dockerd.Dispose();
        }
        Registry?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class HostEnginesCollection : ICollectionFixture<HostEnginesFixture>
{
    public const string Name = "host engines";
}
