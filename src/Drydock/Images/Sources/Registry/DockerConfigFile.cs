using System.Text.Json.Serialization;

namespace Drydock.Images.Sources.Registry;

/// <summary>The parts of Docker's <c>config.json</c> (docker/cli configfile) that hold registry credentials.</summary>
internal sealed record DockerConfigFile
{
    [JsonPropertyName("auths")] public Dictionary<string, DockerAuthEntry>? Auths { get; init; }
    [JsonPropertyName("credsStore")] public string? CredsStore { get; init; }
    [JsonPropertyName("credHelpers")] public Dictionary<string, string>? CredHelpers { get; init; }
}

/// <summary>One <c>auths</c> entry: <c>auth</c> is base64("user:password"); the other members may stand alone.</summary>
internal sealed record DockerAuthEntry
{
    [JsonPropertyName("auth")] public string? Auth { get; init; }
    [JsonPropertyName("username")] public string? Username { get; init; }
    [JsonPropertyName("password")] public string? Password { get; init; }
    [JsonPropertyName("identitytoken")] public string? IdentityToken { get; init; }
}

/// <summary>What <c>docker-credential-&lt;name&gt; get</c> prints (docker-credential-helpers protocol).</summary>
internal sealed record CredentialHelperOutput
{
    [JsonPropertyName("ServerURL")] public string? ServerUrl { get; init; }
    [JsonPropertyName("Username")] public string? Username { get; init; }
    [JsonPropertyName("Secret")] public string? Secret { get; init; }
}
