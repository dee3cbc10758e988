using Drydock.Images;
using Drydock.Images.Targets;
using Drydock.Policy;
using Drydock.Scanning.Gate;

namespace Drydock.Scanning;

/// <summary>
/// What one scan runs, never how: the target (parsed once by the front end), which scanners, whether freshness is
/// looked up, the policy and the gate. Where the data lives and which registries may be asked are the scanner's parts
/// (<see cref="Pipeline.ScannerParts"/>).
/// </summary>
public sealed record ScanRequest
{
    /// <summary>The image, parsed (<see cref="TargetParser.Parse"/>); its transport also decides <see cref="FreshnessMode.Auto"/>.</summary>
    public required ImageTarget Target { get; init; }

    /// <summary>The platform to pick from a multi-platform image; null = this host's.</summary>
    public Platform? Platform { get; init; }

    public DrydockPolicy Policy { get; init; } = DrydockPolicy.Default;
    public GateOptions Gate { get; init; } = new();

    /// <summary>Match the inventory against the vulnerability database (when the scanner has one).</summary>
    public bool MatchVulnerabilities { get; init; } = true;

    /// <summary>Run the image controls (false for <c>drydock sbom</c> and the host audit, which need the inventory or findings only).</summary>
    public bool RunControls { get; init; } = true;

    /// <summary>When the tag and base are looked up in their registries (needs the scanner's registry services).</summary>
    public FreshnessMode Freshness { get; init; } = FreshnessMode.Never;

    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;
}
