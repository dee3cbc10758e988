using Drydock.Inventory;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Scanning.Gate;

/// <summary>
/// What the gate decides on, with Trivy's flag meanings: <see cref="Severities"/> (<c>--severity</c>) and
/// <see cref="PackageTypes"/> (<c>--pkg-types</c>) filter what is reported and counted; <see cref="IgnoreUnfixed"/>
/// and <see cref="IgnoreStatuses"/> drop findings; waivers, VEX, baseline and <see cref="MinAgeDays"/> keep findings
/// in the report but do not count them. <see cref="ExitCode"/> is returned when the gate fails (0 = report only).
/// </summary>
public sealed record GateOptions
{
    public IReadOnlySet<Severity> Severities { get; init; } = new HashSet<Severity>(Enum.GetValues<Severity>());
    public IReadOnlySet<string> PackageTypes { get; init; } = new HashSet<string>(["os", "library"]);
    public bool IgnoreUnfixed { get; init; }
    public IReadOnlySet<VulnerabilityStatus> IgnoreStatuses { get; init; } = new HashSet<VulnerabilityStatus>();
    public int ExitCode { get; init; }
    public int? MinAgeDays { get; init; }
    public int? MaxImageAgeDays { get; init; }
    public bool FailOnEndOfLife { get; init; } = true;
    public bool FailOnControls { get; init; } = true;

    /// <summary>Fail when the image's tag names a newer image in its registry (DRYDOCK-FRESHNESS fails), whatever the severities.</summary>
    public bool FailOnStale { get; init; }

    /// <summary>Fail when the scan's coverage has any gap (<see cref="ScanCoverage.Gaps"/>), each gap a reason.</summary>
    public bool FailOnIncomplete { get; init; }
    public IReadOnlyList<Waiver> Waivers { get; init; } = [];

    /// <summary>Where <see cref="Waivers"/> were read from, said in the report; null when no ignore file was read.</summary>
    public string? IgnoreFile { get; init; }
    public IReadOnlyList<VexStatement> Vex { get; init; } = [];

    /// <summary>Accepted findings as <see cref="Purls.BaselineKey"/> keys (from <c>--baseline</c>), or null for none.</summary>
    public IReadOnlySet<string>? Baseline { get; init; }

    public bool Includes(PackageType type) => PackageTypes.Contains(type.IsOsPackage() ? "os" : "library");

    /// <summary>Parses a <c>--ignore-status</c> word (Trivy's names, and ours).</summary>
    public static VulnerabilityStatus ParseStatus(string text) => text.Trim().ToLowerInvariant().Replace('-', '_') switch
    {
        "fixed" => VulnerabilityStatus.Fixed,
        "affected" => VulnerabilityStatus.Affected,
        "will_not_fix" or "wont_fix" => VulnerabilityStatus.WillNotFix,
        "fix_deferred" => VulnerabilityStatus.FixDeferred,
        "end_of_life" => VulnerabilityStatus.EndOfLife,
        "not_affected" => VulnerabilityStatus.NotAffected,
        _ => throw new UsageException($"unknown status '{text}' (expected fixed, affected, will_not_fix, fix_deferred, end_of_life, not_affected)"),
    };
}
