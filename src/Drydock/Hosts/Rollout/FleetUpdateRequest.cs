using Drydock.Hosts.Update;
using Drydock.Images.Sources.Registry;

namespace Drydock.Hosts.Rollout;

/// <summary>
/// What <c>host update</c> does on each host: which containers (<see cref="Selector"/>), which rollback pins to lift
/// (<see cref="Unpin"/>), an explicit image to move the named containers to (<see cref="To"/>), whether to change
/// anything (<see cref="DryRun"/>), where state is kept, the health gate, and how the registry is reached.
/// </summary>
public sealed record FleetUpdateRequest
{
    public required ContainerSelector Selector { get; init; }
    public IReadOnlyList<string> Unpin { get; init; } = [];

    /// <summary><c>--to REF</c>: move the named containers to this tag or digest reference (lifts a pin; they follow it afterwards).</summary>
    public string? To { get; init; }
    public bool DryRun { get; init; }
    public required string StateDirectory { get; init; }
    public required UpdateOptions Update { get; init; }
    public required RegistryClientOptions Registry { get; init; }

    /// <summary>How long one Engine API call may take (pulls included).</summary>
    public TimeSpan EngineTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
