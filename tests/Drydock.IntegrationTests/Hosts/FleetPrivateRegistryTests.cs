using System.Text;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// <c>host update</c> of a container whose image is in a private registry (issue 14 item 2): the real docker-registry
/// with htpasswd Basic auth, and with bearer tokens; the credentials are only in a Docker config (<c>DOCKER_CONFIG</c>),
/// as for image reads. The engine's pull must carry them (<c>X-Registry-Auth</c>), or the update fails (Basic; the token
/// server, like Docker Hub's, also gives anonymous pull tokens, so there the test shows the credentials go through the token flow).
/// </summary>
[Collection(FleetEnginesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FleetPrivateRegistryTests(FleetEnginesFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public Task Update_PrivateImageBehindBasicAuth_PulledWithCredentialsAndUpdated() => UpdatePrivateAsync(RegistryMode.Basic, "basic");

    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public Task Update_PrivateImageBehindTokenAuth_PulledWithCredentialsAndUpdated() => UpdatePrivateAsync(RegistryMode.Token, "token");

    private async Task UpdatePrivateAsync(RegistryMode mode, string name)
    {
        // Given: a private registry; its credentials only in a Docker config
        using var registry = await RegistryServer.StartAsync(mode);
        var config = fixture.NewDirectory("docker-config-" + name);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        await File.WriteAllTextAsync(Path.Combine(config, "config.json"),
            new JsonObject { ["auths"] = new JsonObject { [registry.Host] = new JsonObject { ["auth"] = auth } } }.ToJsonString());
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
        var engine = fixture.Engines[0].Host;
        var repo = $"private/{name}";
        var reference = $"{registry.Host}/{repo}:1";
        // And: priv-NAME runs build 1 (pulled by the docker CLI with that config), then build 2 is pushed
        var v1 = await PushAsync(registry, repo, 1);
        await ExternalProcess.RunAsync("docker", ["-H", engine, "pull", "-q", reference], TimeSpan.FromMinutes(2), env);
        await fixture.DockerAsync(0, "run", "-d", "--name", "priv-" + name, reference);
        var v2 = await PushAsync(registry, repo, 2);
        // Basic: an anonymous pull is refused (the test token server gives anonymous pull tokens, as Docker Hub does).
        if (mode == RegistryMode.Basic) await Assert.ThrowsAnyAsync<Exception>(() => fixture.DockerAsync(0, "pull", "-q", reference));
        var state = fixture.NewDirectory("priv-state-" + name);

        // When
        var update = await DrydockProcess.RunAsync(env, "host", "update", "--host", engine, "--container", "priv-" + name,
            "--state-dir", state, "--insecure-registry", registry.Host, "--health-timeout", "60");

        // Then
        Assert.True(update.ExitCode == 0, update.Stdout + update.Stderr);
        Assert.Contains($"\tpriv-{name}\tupdated\t", update.Stdout, StringComparison.Ordinal);
        var now = await EngineState.InspectAsync(args => fixture.DockerAsync(0, args), "priv-" + name);
        Assert.Equal(v2.ImageId, now["Image"]!.GetValue<string>());
        Assert.NotEqual(v1.ImageId, v2.ImageId);
        Assert.DoesNotContain(RegistryServer.Password, update.Stdout + update.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Build <paramref name="version"/> pushed to the fixture's plain registry, then copied as it is (same digests) into the private one.</summary>
    private async Task<TinyAppImage.Pushed> PushAsync(RegistryServer registry, string repo, int version)
    {
        using var push = fixture.Push;
        var pushed = await TinyAppImage.PushAsync(push, repo, "1", version);
        await ExternalProcess.RunAsync("skopeo",
            ["--insecure-policy", "copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-creds", $"{RegistryServer.User}:{RegistryServer.Password}",
             $"docker://{fixture.Registry!.Host}/{repo}:1", $"docker://{registry.Host}/{repo}:1"], TimeSpan.FromMinutes(2));
        return pushed;
    }
}
