using System.Text;
using System.Text.Json.Nodes;
using Drydock.Hosts.Engine;
using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Hosts;

public sealed class EngineRegistryAuthTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("drydock-dockercfg-").FullName;

    [Fact]
    public async Task HeaderAsync_AuthsEntryForTheRegistry_Base64UrlAuthConfig()
    {
        // Given: user "u", password "~~~???" (the standard base64 of the JSON has both + and /, which base64url replaces)
        Write(new JsonObject { ["auths"] = new JsonObject { ["registry.example:5000"] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("u:~~~???")) } } });
        var auth = new EngineRegistryAuth(new DockerCredentialStore(_config));

        // When
        var header = await auth.HeaderAsync("registry.example:5000/team/app", default);

        // Then
        Assert.NotNull(header);
        Assert.DoesNotContain('+', header);
        Assert.DoesNotContain('/', header);
        var json = JsonNode.Parse(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/')))!;
        Assert.Equal("u", json["username"]!.GetValue<string>());
        Assert.Equal("~~~???", json["password"]!.GetValue<string>());
        Assert.Equal("registry.example:5000", json["serveraddress"]!.GetValue<string>());
    }

    [Fact]
    public async Task HeaderAsync_OtherRegistryOrNoConfig_Anonymous()
    {
        // Given
        Write(new JsonObject { ["auths"] = new JsonObject { ["registry.example:5000"] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p")) } } });

        // When / Then: no header for another registry (Docker Hub here), nor without a config file
        Assert.Null(await new EngineRegistryAuth(new DockerCredentialStore(_config)).HeaderAsync("nginx", default));
        Assert.Null(await new EngineRegistryAuth(new DockerCredentialStore(Path.Combine(_config, "none"))).HeaderAsync("registry.example:5000/team/app", default));
    }

    [Fact]
    public async Task HeaderAsync_IdentityToken_SentInsteadOfPassword()
    {
        // Given
        Write(new JsonObject { ["auths"] = new JsonObject { ["https://index.docker.io/v1/"] = new JsonObject { ["identitytoken"] = "tok" } } });

        // When
        var header = await new EngineRegistryAuth(new DockerCredentialStore(_config)).HeaderAsync("library/nginx", default);

        // Then
        var json = JsonNode.Parse(Convert.FromBase64String(header!.Replace('-', '+').Replace('_', '/')))!;
        Assert.Equal("tok", json["identitytoken"]!.GetValue<string>());
        Assert.Null(json["password"]);
        Assert.Equal(DockerCredentialStore.DockerHubServerUrl, json["serveraddress"]!.GetValue<string>());
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private void Write(JsonObject config) => File.WriteAllText(Path.Combine(_config, "config.json"), config.ToJsonString());
}
