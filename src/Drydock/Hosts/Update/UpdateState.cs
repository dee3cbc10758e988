using System.Text.Json.Nodes;

namespace Drydock.Hosts.Update;

/// <summary>
/// The backout point of one container update: name, full inspect JSON of the old container (its whole create
/// configuration), old image reference and id, the target image id, and the phase reached.
/// </summary>
public sealed record UpdateState
{
    public required string ContainerName { get; init; }

    /// <summary>The <see cref="EngineIdentity.Key"/> of the engine the container is on; null in records of older versions.</summary>
    public string? EngineKey { get; init; }
    public required string OldContainerId { get; init; }
    public required string OldImageId { get; init; }
    public required string ImageReference { get; init; }
    public required string NewImageId { get; init; }
    public required JsonObject OldInspect { get; init; }
    public JsonObject? OldImageInspect { get; init; }
    /// <summary>
    /// The configuration to create the new container from when it is not the old container's own (a rollback
    /// recreates from the configuration recorded before the update), with the inspect of that configuration's image.
    /// </summary>
    public JsonObject? ConfigSource { get; init; }
    public JsonObject? ConfigSourceImage { get; init; }
    public bool WasRunning { get; init; }
    public string? NewContainerId { get; init; }
    public required UpdatePhase Phase { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The name the old container is parked under while the new one runs.</summary>
    public string AsideName => ContainerName + "-drydock-old";
}
