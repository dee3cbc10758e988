using System.Text.Json.Serialization;

namespace Drydock.Images;

/// <summary>An OCI content descriptor (image-spec descriptor.md): media type, digest and size of a blob.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")] public string MediaType { get; init; } = "";
    [JsonPropertyName("digest")] public string Digest { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("urls")] public IReadOnlyList<string>? Urls { get; init; }
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("platform")] public Platform? Platform { get; init; }
    [JsonPropertyName("artifactType")] public string? ArtifactType { get; init; }
}
