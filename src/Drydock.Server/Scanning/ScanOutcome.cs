namespace Drydock.Server.Scanning;

/// <summary>
/// What the server keeps of one scan, in its own terms (no library types), so that only <see cref="ScanRunner"/>
/// knows the scanning library's shape.
/// </summary>
public sealed record ScanOutcome
{
    public required string Digest { get; init; }
    public required string Repository { get; init; }
    public required string DatabaseVersion { get; init; }
    public string? Os { get; init; }
    public required IReadOnlyList<StoredPackage> Packages { get; init; }
    public required IReadOnlyList<StoredFinding> Findings { get; init; }
    public required IReadOnlyList<StoredVerdict> Verdicts { get; init; }

    /// <summary>What a later database re-matches without the image (<c>Rematch/MatchInventory</c>); null = not kept.</summary>
    public string? MatchInventory { get; init; }

    /// <summary>The rendered reports, by format name (<see cref="ReportFormats"/>).</summary>
    public required IReadOnlyDictionary<string, byte[]> Reports { get; init; }
}

public sealed record StoredPackage(string Type, string Name, string Version, string Purl);

/// <summary>A finding as stored; <see cref="Severity"/> is Drydock's upper-case name (CRITICAL … UNKNOWN).</summary>
public sealed record StoredFinding(string VulnerabilityId, string Package, string InstalledVersion, string? FixedVersion, string Severity, string Status,
    string Purl, string? Description, IReadOnlyList<string> Links);

public sealed record StoredVerdict(string ControlId, string Outcome, string Summary);

/// <summary>The report formats the server renders at scan time and serves (<c>?format=</c>).</summary>
public static class ReportFormats
{
    public const string Json = "json";
    public const string Sarif = "sarif";
    public const string CycloneDx = "cyclonedx";
    public const string Spdx = "spdx-json";

    public static IReadOnlyList<string> All { get; } = [Json, Sarif, CycloneDx, Spdx];

    public static string ContentType(string format) => format switch
    {
        Sarif => "application/sarif+json",
        CycloneDx => "application/vnd.cyclonedx+json",
        Spdx => "application/spdx+json",
        _ => "application/json",
    };
}
