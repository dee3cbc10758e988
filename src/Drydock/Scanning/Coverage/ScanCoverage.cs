namespace Drydock.Scanning;

/// <summary>
/// What a scan covered and what it did not (docs/report-schema.md "coverage"): per OS release and package ecosystem
/// found in the inventory, the advisory data that covers it or why none does; and every gap — no advisory data, an
/// analyzer or a layer read that failed, advisory ranges that could not be evaluated, a freshness lookup that failed.
/// A report without gaps is complete; <c>--fail-on-incomplete</c> fails the gate on any gap.
/// </summary>
public sealed record ScanCoverage
{
    /// <summary>True when vulnerabilities were matched (a database was used); without it <see cref="Targets"/> is empty.</summary>
    public bool Matched { get; init; }

    /// <summary>The OS releases and ecosystems found, sorted by kind then name.</summary>
    public IReadOnlyList<CoverageTarget> Targets { get; init; } = [];

    /// <summary>Everything the scan could not see or judge, one line each, in a stable order.</summary>
    public IReadOnlyList<CoverageGap> Gaps { get; init; } = [];

    /// <summary>Advisory rows that could not be evaluated against an installed version (unknown scheme, unparsable version).</summary>
    public int UnevaluatedRanges { get; init; }

    /// <summary>The first such row, as one line; null when none.</summary>
    public string? UnevaluatedExample { get; init; }

    public bool Complete => Gaps.Count == 0;

    /// <summary>A scan that checked nothing it could miss (no inventory gaps, no matching asked for).</summary>
    public static readonly ScanCoverage None = new();
}

/// <summary>
/// An OS release (<see cref="Kind"/> <c>os</c>, <see cref="Name"/> <c>debian 12</c>) or a package ecosystem (<c>ecosystem</c>,
/// <c>npm</c>) with its package count, the advisory namespace it is matched in, the data sources (feeds) holding
/// rows there, and why it is not covered when it is not.
/// </summary>
public sealed record CoverageTarget(string Kind, string Name, int Packages, string? Namespace, IReadOnlyList<string> Sources, string? NotCoveredReason)
{
    public bool Covered => NotCoveredReason is null;
}

/// <summary>
/// One thing the scan could not see or judge. <see cref="Kind"/>: <c>not-covered</c> (no advisory data for an OS or
/// ecosystem), <c>unevaluated-ranges</c>, <c>inventory</c> (an analyzer failed, a damaged or oversized package record),
/// <c>layer</c> (an entry or file the layer read skipped), <c>freshness</c> (the registry could not tell whether the tag is current).
/// </summary>
public sealed record CoverageGap(string Kind, string Message, string? Path = null, int? LayerIndex = null);
