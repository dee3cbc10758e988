using System.Text.Json.Serialization;

namespace Drydock.Images.Inspection;

/// <summary>
/// What <c>drydock inspect</c> reports (docs/report-schema.md, "inspect"): <c>docker images</c> +
/// <c>docker inspect</c> + <c>docker history --no-trunc</c> without a daemon. Property order is the JSON order.
/// </summary>
public sealed record ImageInspection
{
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("reference")] public string? Reference { get; init; }
    [JsonPropertyName("digest")] public string? Digest { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("platform")] public required string Platform { get; init; }
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("manifestMediaType")] public string? ManifestMediaType { get; init; }
    [JsonPropertyName("config")] public required InspectedConfig Config { get; init; }
    [JsonPropertyName("layers")] public required IReadOnlyList<InspectedLayer> Layers { get; init; }
    [JsonPropertyName("history")] public required IReadOnlyList<InspectedHistoryStep> History { get; init; }

    /// <summary>
    /// The squashed file list (<c>--list-files</c>), ordinal by path; null when not asked for. It may stream from temp
    /// files (<see cref="Listing.SquashedListing"/>): writers enumerate it once.
    /// </summary>
    [JsonPropertyName("files")] public IEnumerable<InspectedFile>? Files { get; init; }
}

/// <summary>The run configuration; collections sorted (labels by key, ports and volumes ordinal).</summary>
public sealed record InspectedConfig
{
    [JsonPropertyName("user")] public string? User { get; init; }
    [JsonPropertyName("workingDir")] public string? WorkingDir { get; init; }
    [JsonPropertyName("entrypoint")] public IReadOnlyList<string>? Entrypoint { get; init; }
    [JsonPropertyName("cmd")] public IReadOnlyList<string>? Cmd { get; init; }
    [JsonPropertyName("env")] public required IReadOnlyList<string> Env { get; init; }
    [JsonPropertyName("exposedPorts")] public required IReadOnlyList<string> ExposedPorts { get; init; }
    [JsonPropertyName("volumes")] public required IReadOnlyList<string> Volumes { get; init; }
    [JsonPropertyName("stopSignal")] public string? StopSignal { get; init; }
    [JsonPropertyName("healthcheck")] public InspectedHealthcheck? Healthcheck { get; init; }
    [JsonPropertyName("labels")] public required SortedDictionary<string, string> Labels { get; init; }
}

/// <summary>HEALTHCHECK; durations in nanoseconds as Docker stores them.</summary>
public sealed record InspectedHealthcheck
{
    [JsonPropertyName("test")] public IReadOnlyList<string>? Test { get; init; }
    [JsonPropertyName("interval")] public long? Interval { get; init; }
    [JsonPropertyName("timeout")] public long? Timeout { get; init; }
    [JsonPropertyName("startPeriod")] public long? StartPeriod { get; init; }
    [JsonPropertyName("retries")] public int? Retries { get; init; }
}

public sealed record InspectedLayer
{
    [JsonPropertyName("index")] public required int Index { get; init; }
    [JsonPropertyName("digest")] public required string Digest { get; init; }
    [JsonPropertyName("diffId")] public required string DiffId { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    [JsonPropertyName("mediaType")] public required string MediaType { get; init; }
}

/// <summary>One history step; <see cref="Layer"/> is the index of the layer it made (null for empty steps).</summary>
public sealed record InspectedHistoryStep
{
    [JsonPropertyName("index")] public required int Index { get; init; }
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("createdBy")] public string? CreatedBy { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("emptyLayer")] public bool EmptyLayer { get; init; }
    [JsonPropertyName("layer")] public int? Layer { get; init; }
}

/// <summary>One entry of the squashed filesystem.</summary>
public sealed record InspectedFile
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("uid")] public int Uid { get; init; }
    [JsonPropertyName("gid")] public int Gid { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("linkTarget")] public string? LinkTarget { get; init; }
    [JsonPropertyName("layer")] public int Layer { get; init; }
}
