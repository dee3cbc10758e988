using System.Text.Json.Serialization;

namespace Drydock.Images;

/// <summary>
/// The image configuration (OCI image-spec config.md, which Docker's v1 image JSON extends with Healthcheck and more).
/// Unknown fields are ignored; absent ones are null.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "";
    [JsonPropertyName("os")] public string Os { get; init; } = "";
    [JsonPropertyName("os.version")] public string? OsVersion { get; init; }
    [JsonPropertyName("variant")] public string? Variant { get; init; }
    [JsonPropertyName("config")] public ContainerConfig? Config { get; init; }
    [JsonPropertyName("rootfs")] public RootFs? RootFs { get; init; }
    [JsonPropertyName("history")] public IReadOnlyList<HistoryEntry>? History { get; init; }

    [JsonIgnore] public Platform Platform => Platform.Normalize(new Platform { Os = Os, Architecture = Architecture, Variant = Variant, OsVersion = OsVersion });
}

/// <summary>The execution parameters of an image (config.md "config").</summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")] public string? User { get; init; }
    [JsonPropertyName("ExposedPorts")] public IReadOnlyDictionary<string, object?>? ExposedPorts { get; init; }
    [JsonPropertyName("Env")] public IReadOnlyList<string>? Env { get; init; }
    [JsonPropertyName("Entrypoint")] public IReadOnlyList<string>? Entrypoint { get; init; }
    [JsonPropertyName("Cmd")] public IReadOnlyList<string>? Cmd { get; init; }
    [JsonPropertyName("Volumes")] public IReadOnlyDictionary<string, object?>? Volumes { get; init; }
    [JsonPropertyName("WorkingDir")] public string? WorkingDir { get; init; }
    [JsonPropertyName("Labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }
    [JsonPropertyName("StopSignal")] public string? StopSignal { get; init; }
    [JsonPropertyName("Healthcheck")] public HealthConfig? Healthcheck { get; init; }
    [JsonPropertyName("OnBuild")] public IReadOnlyList<string>? OnBuild { get; init; }
    [JsonPropertyName("Shell")] public IReadOnlyList<string>? Shell { get; init; }
}

/// <summary>Docker's HEALTHCHECK (durations in nanoseconds). <c>Test = ["NONE"]</c> disables an inherited check.</summary>
public sealed record HealthConfig
{
    [JsonPropertyName("Test")] public IReadOnlyList<string>? Test { get; init; }
    [JsonPropertyName("Interval")] public long? Interval { get; init; }
    [JsonPropertyName("Timeout")] public long? Timeout { get; init; }
    [JsonPropertyName("StartPeriod")] public long? StartPeriod { get; init; }
    [JsonPropertyName("Retries")] public int? Retries { get; init; }
}

public sealed record RootFs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("diff_ids")] public IReadOnlyList<string> DiffIds { get; init; } = [];
}

/// <summary>One history step. Steps with <see cref="EmptyLayer"/> made no layer; the others map, in order, onto the layers.</summary>
public sealed record HistoryEntry
{
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("created_by")] public string? CreatedBy { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("empty_layer")] public bool EmptyLayer { get; init; }
}
