using Drydock.Controls;
using Drydock.Images;
using Drydock.Inventory;
using Drydock.Vulnerabilities;

namespace Drydock.Scanning;

/// <summary>
/// Everything one run knows about one image, sorted and free of temp paths so that reports are byte-exact for the
/// same input and clock. This is the model every report writer formats (docs/report-schema.md).
/// </summary>
public sealed record ScanReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string ToolVersion { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public required ImageSummary Image { get; init; }
    public required ImageInventory Inventory { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<ControlResult> Controls { get; init; } = [];

    /// <summary>The vulnerability database the findings came from (null when no matching ran).</summary>
    public DatabaseSummary? Database { get; init; }
    public GateResult? Gate { get; init; }

    /// <summary>Where the image's tag and base stand in their registries; null when not looked up.</summary>
    public Freshness.FreshnessReport? Freshness { get; init; }

    /// <summary>What the scan covered and its gaps (docs/report-schema.md "coverage").</summary>
    public ScanCoverage Coverage { get; init; } = ScanCoverage.None;

    /// <summary>Warnings that are not coverage gaps (expired waivers, a base that could not be looked up); gaps are in <see cref="Coverage"/>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Identity and metadata of the scanned image.</summary>
public sealed record ImageSummary
{
    public required string Target { get; init; }
    public string? Reference { get; init; }
    public string? ManifestDigest { get; init; }
    public required string Id { get; init; }
    public required string Platform { get; init; }
    public DateTimeOffset? Created { get; init; }
    public ImageConfig? Config { get; init; }
    public IReadOnlyList<LayerSummary> Layers { get; init; } = [];

    /// <summary>The identified base image and whether the policy trusts it (CIS 4.2), when identified.</summary>
    public Bases.BaseImageIdentification? BaseImage { get; init; }
}

public sealed record LayerSummary(int Index, string Digest, string DiffId, long Size, string MediaType, string? CreatedBy);

public sealed record DatabaseSummary(int SchemaVersion, DateTimeOffset BuiltAt, IReadOnlyList<string> Feeds);

/// <summary>The gate's decision: pass or fail, the exit code, and every reason for a failure.</summary>
public sealed record GateResult(bool Passed, int ExitCode, IReadOnlyList<string> Reasons)
{
    /// <summary>The ignore file the waivers were read from (<c>--ignorefile</c>, <c>.drydockignore</c> or <c>.trivyignore</c>), or null.</summary>
    public string? IgnoreFile { get; init; }
}
