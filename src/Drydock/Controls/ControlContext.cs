using Drydock.Bases;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Inventory;

namespace Drydock.Controls;

/// <summary>What a control sees: the image's config and history, its squashed filesystem, its inventory and the policy.</summary>
public sealed record ControlContext
{
    public required ImageConfig Config { get; init; }
    public required IFileSystemView FileSystem { get; init; }
    public required ImageInventory Inventory { get; init; }
    public required DrydockPolicy Policy { get; init; }

    /// <summary>The image's reference when known (registry, tag annotation, RepoTags).</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The config blob's media type (Docker's carries Healthcheck; OCI's has no such field).</summary>
    public string? ConfigMediaType { get; init; }

    /// <summary>Manifest digest when the source has one.</summary>
    public Digest? ManifestDigest { get; init; }

    /// <summary>Manifest annotations (OCI base-image annotations live here).</summary>
    public IReadOnlyDictionary<string, string> ManifestAnnotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The base image as identified before the controls ran (null when not attempted).</summary>
    public BaseImageIdentification? BaseImage { get; init; }

    /// <summary>Base discovery over the trusted repositories (null when it was not needed: no repository named, base already trusted).</summary>
    public TrustedBaseSearch? BaseSearch { get; init; }

    /// <summary>Where the layer chain leaves every trusted base (null when the base is trusted or no trusted chain is known).</summary>
    public TrustedChainDivergence? BaseDivergence { get; init; }

    /// <summary>Signature verification results (null when verification was not attempted, e.g. offline local archive).</summary>
    public SignatureVerification? Signatures { get; init; }

    /// <summary>
    /// The vulnerability findings as the gate counts them (its severities and filters applied, waived ones marked);
    /// null when vulnerability scanning did not run.
    /// </summary>
    public IReadOnlyList<Vulnerabilities.Finding>? Findings { get; init; }

    /// <summary>When the vulnerability database was built (null when no scan ran).</summary>
    public DateTimeOffset? DatabaseBuiltAt { get; init; }

    /// <summary>Where the image's tag and base stand in their registries (null when not looked up, e.g. offline).</summary>
    public Freshness.FreshnessReport? Freshness { get; init; }

    /// <summary>Why freshness was not looked up, when it was not.</summary>
    public string? FreshnessSkipReason { get; init; }

    /// <summary>History steps with the layer each made (see <see cref="HistorySteps"/>).</summary>
    public IReadOnlyList<HistoryStep> History => history ??= HistorySteps.Map(Config);

    private IReadOnlyList<HistoryStep>? history;
}
