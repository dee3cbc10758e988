using Drydock.IntegrationTests.Controls;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Several engines of one fleet (issue 14): a plain docker-registry and two dockerd engines (vfs, no bridge, no
/// iptables), each with its own socket and data root. Docker 20.10 engines of one machine report the same <c>/info</c>
/// ID (it comes from <c>/etc/docker/key.json</c>), which is exactly what the per-engine state has to survive. Does
/// nothing when a program is missing or the user is not root (the tests then skip).
/// </summary>
public sealed class FleetEnginesFixture : IAsyncLifetime
{
    internal RegistryServer? Registry { get; private set; }

    internal IReadOnlyList<DockerdServer> Engines { get; private set; } = [];

    internal RegistryPush Push => new(Registry!.Host);

    internal string Directory { get; } = TestRoot.NewRunDirectory("fleet-engines");

    internal string NewDirectory(string name) => System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(HostEnginesFixture.Tools) is not null || Environment.UserName != "root") return;
        Registry = await RegistryServer.StartAsync(RegistryMode.Plain);
        var engines = new List<DockerdServer>();
        for (var i = 0; i < 2; i++) engines.Add(await DockerdServer.StartAsync());
        Engines = engines;
    }

    /// <summary>The docker CLI against engine <paramref name="engine"/> (0-based).</summary>
    internal Task<string> DockerAsync(int engine, params string[] args) =>
        ExternalProcess.RunAsync("docker", ["-H", Engines[engine].Host, .. args], TimeSpan.FromMinutes(2));

    public async Task DisposeAsync()
    {
        for (var i = 0; i < Engines.Count; i++)
        {
            var ids = (await DockerAsync(i, "ps", "-aq")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0) await DockerAsync(i, ["rm", "-f", .. ids]);
            // dockerd keeps the bridges of user-defined networks on the host after it stops: remove them first.
            await DockerAsync(i, "network", "prune", "-f");
            Engines[i].Dispose();
        }
        Registry?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class FleetEnginesCollection : ICollectionFixture<FleetEnginesFixture>
{
    public const string Name = "fleet engines";
}
