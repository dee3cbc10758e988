using System.Text.Json.Serialization;

namespace Drydock.Images.Sources.Registry;

/// <summary>A token endpoint's answer (distribution docs/spec/auth/token.md): <c>token</c> or <c>access_token</c>.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")] public string? Token { get; init; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("expires_in")] public int? ExpiresIn { get; init; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; init; }
}

/// <summary>The error body of the distribution spec: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed record RegistryErrorResponse
{
    [JsonPropertyName("errors")] public List<RegistryError>? Errors { get; init; }
}

internal sealed record RegistryError
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}

/// <summary><c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
internal sealed record TagList
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("tags")] public List<string>? Tags { get; init; }
}

/// <summary>Just enough of a manifest to learn its media type when the Content-Type header is missing or generic.</summary>
internal sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; }
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("manifests")] public List<Descriptor>? Manifests { get; init; }
    [JsonPropertyName("config")] public Descriptor? Config { get; init; }
}
