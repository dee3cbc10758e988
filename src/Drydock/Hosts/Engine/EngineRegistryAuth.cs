using System.Text;
using System.Text.Json.Nodes;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Hosts.Engine;

/// <summary>
/// The <c>X-Registry-Auth</c> header of an engine pull (<c>POST /images/create</c>): the Engine API's AuthConfig
/// (<c>username</c>/<c>password</c> or <c>identitytoken</c>, and <c>serveraddress</c>) as base64url JSON, what the Docker
/// CLI sends. The credential is the one image reads use, found per registry in the Docker config and its credential
/// helpers (<see cref="DockerCredentialStore"/>); none means an anonymous pull (no header). Never logged.
/// </summary>
public sealed class EngineRegistryAuth(DockerCredentialStore credentials)
{
    /// <summary>The header for pulling <paramref name="image"/> (<c>host:port/repo</c>, <c>nginx</c>); null when anonymous.</summary>
    public async Task<string?> HeaderAsync(string image, CancellationToken ct)
    {
        if (!ImageReference.TryParse(image, out var reference, out _)) return null;
        if (await credentials.GetAsync(reference.Registry, ct) is not { } credential) return null;
        var config = new JsonObject();
        if (!string.IsNullOrEmpty(credential.IdentityToken)) config["identitytoken"] = credential.IdentityToken;
        else if (credential.HasPassword)
        {
            config["username"] = credential.Username;
            config["password"] = credential.Password;
        }
        else return null;
        config["serveraddress"] = reference.Registry == ImageReference.DockerHub ? DockerCredentialStore.DockerHubServerUrl : reference.Registry;
        // Go's base64.URLEncoding: the URL-safe alphabet, padded.
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(config.ToJsonString())).Replace('+', '-').Replace('/', '_');
    }
}
