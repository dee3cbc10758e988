using Drydock.Policy;
using Drydock.Images;
using Drydock.Scanning.Gate;

namespace Drydock.Scanning;

/// <summary>Everything one <c>drydock image</c> run needs: the target, how to open it, the policy, the gate and the data.</summary>
public sealed record ScanRequest
{
    public required string Target { get; init; }
    public ImageOpenOptions Open { get; init; } = new();
    public DrydockPolicy Policy { get; init; } = DrydockPolicy.Default;
    public GateOptions Gate { get; init; } = new();

    /// <summary>The vulnerability database file; null = do not match (inventory and controls only).</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Run the CIS image controls (false for <c>drydock sbom</c>, which only needs the inventory).</summary>
    public bool RunControls { get; init; } = true;

    /// <summary>The package analyzers this run assembles (their files are what the layer walk keeps, and what a cached layer must hold).</summary>
    public IReadOnlyList<Inventory.IAnalyzer> Analyzers { get; init; } = Inventory.Analyzers.All;

    /// <summary>The controls run when <see cref="RunControls"/> is set.</summary>
    public IReadOnlyList<Controls.IControl> Controls { get; init; } = Drydock.Controls.ControlCatalog.All;

    /// <summary>The layer cache file; null = no cache.</summary>
    public string? CachePath { get; init; }
    public long CacheMaxBytes { get; init; } = Cache.LayerCache.DefaultMaxBytes;

    /// <summary>The base-image catalogue (<c>drydock base add</c>) used to identify bases by layer chain.</summary>
    public string? BaseCatalogPath { get; init; }
    /// <summary>
    /// Looks up a base named by the image's annotation or label (manifest and config only) when the catalogue lacks it;
    /// null = not attempted (offline).
    /// </summary>
    public Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>?, CancellationToken, Task<Bases.BaseCatalogEntry?>>? ResolveAnnotatedBase { get; init; }

    /// <summary>Verifies the image's signatures (CIS 4.5/4.12) when set; null = not attempted.</summary>
    public Func<Images.IImage, CancellationToken, Task<Controls.Trust.SignatureVerification>>? Signatures { get; init; }

    /// <summary>
    /// Looks the image's tag and base up in their registries (DRYDOCK-FRESHNESS, CIS 4.4 base drift), given the base
    /// catalogue read from <see cref="BaseCatalogPath"/>; null = not attempted.
    /// </summary>
    public Func<Images.IImage, IReadOnlyList<Bases.BaseCatalogEntry>, CancellationToken, Task<Freshness.FreshnessResult>>? Freshness { get; init; }

    /// <summary>Why freshness is not looked up when <see cref="Freshness"/> is null (shown by the control).</summary>
    public string FreshnessSkipReason { get; init; } = "Freshness was not looked up.";

    /// <summary>How registry and <c>docker:</c> targets are opened (the host audit points <c>docker:</c> at the audited engine).</summary>
    public Images.Sources.RemoteSourceFactories Sources { get; init; } = Images.Sources.RemoteSourceFactories.Default;
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;
}
