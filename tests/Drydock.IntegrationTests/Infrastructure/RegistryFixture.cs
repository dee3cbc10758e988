using System.Text;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Shared by the registry tests: the test image, built once, pushed as <c>drydock/app:1</c> into four real registries
/// (plain, Basic, token, TLS), and Docker config folders with the right and a wrong password for each.
/// Servers stop in <see cref="DisposeAsync"/>. Does nothing when the programs are missing (the tests then skip).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public static readonly string[] Tools = ["docker-registry", "htpasswd", .. TestImages.Tools];
    public const string Repository = "drydock/app";
    public const string Tag = "1";
    private readonly Dictionary<RegistryMode, RegistryServer> _servers = [];

    internal RegistryServer Server(RegistryMode mode) => _servers[mode];

    /// <summary>A DOCKER_CONFIG folder whose config.json holds credentials for every registry of this fixture.</summary>
    public string GoodConfigDirectory { get; } = TestRoot.NewRunDirectory("docker-config-good");

    public string WrongConfigDirectory { get; } = TestRoot.NewRunDirectory("docker-config-wrong");

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(Tools) is not null) return;
        await TestImages.EnsureBuiltAsync();
        foreach (var mode in Enum.GetValues<RegistryMode>())
        {
            var server = await RegistryServer.StartAsync(mode);
            _servers[mode] = server;
            await server.PushAsync($"oci:{TestImages.OciLayout}:{TestImages.Tag}", Repository, Tag);
        }
        WriteConfig(GoodConfigDirectory, RegistryServer.Password);
        WriteConfig(WrongConfigDirectory, "not-the-password");
    }

    private void WriteConfig(string directory, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{password}"));
        var entries = _servers.Values.Select(s => $"\"{s.Host}\": {{\"auth\": \"{auth}\"}}");
        File.WriteAllText(Path.Combine(directory, "config.json"), "{\"auths\": {" + string.Join(", ", entries) + "}}");
    }

    public Task DisposeAsync()
    {
        foreach (var server in _servers.Values) server.Dispose();
        foreach (var dir in new[] { GoodConfigDirectory, WrongConfigDirectory })
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry servers";
}
