using System.Text.Json.Serialization;

namespace Drydock.Images.Sources.DockerArchive;

/// <summary>
/// One image of a docker-archive's <c>manifest.json</c> (moby image/tarexport): the config file, the repo tags and
/// the layer files bottom → top, all as paths inside the tar. <c>LayerSources</c> (foreign layers) is not needed:
/// the tar holds every layer's uncompressed content.
/// </summary>
internal sealed record DockerArchiveManifestEntry
{
    [JsonPropertyName("Config")] public string? Config { get; init; }
    [JsonPropertyName("RepoTags")] public IReadOnlyList<string>? RepoTags { get; init; }
    [JsonPropertyName("Layers")] public IReadOnlyList<string>? Layers { get; init; }
}
