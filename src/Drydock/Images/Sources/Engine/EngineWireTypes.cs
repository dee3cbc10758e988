using System.Text.Json.Serialization;

namespace Drydock.Images.Sources.Engine;

/// <summary>The fields of <c>GET /images/{name}/json</c> (Engine API ImageInspect) that Drydock uses.</summary>
public sealed record EngineImageInspect
{
    [JsonPropertyName("Id")] public string Id { get; init; } = "";
    [JsonPropertyName("RepoTags")] public IReadOnlyList<string>? RepoTags { get; init; }
    [JsonPropertyName("RepoDigests")] public IReadOnlyList<string>? RepoDigests { get; init; }
    [JsonPropertyName("Created")] public string? Created { get; init; }
    [JsonPropertyName("Architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("Os")] public string? Os { get; init; }
    [JsonPropertyName("Size")] public long Size { get; init; }
}

/// <summary>The engine's error body: <c>{"message": "..."}</c>.</summary>
internal sealed record EngineErrorMessage
{
    [JsonPropertyName("message")] public string? Message { get; init; }
}

/// <summary>Source-generated JSON for the Engine API (AOT). Later Engine API work adds its types here.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(EngineImageInspect))]
[JsonSerializable(typeof(EngineErrorMessage))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
