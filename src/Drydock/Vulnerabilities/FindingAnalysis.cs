namespace Drydock.Vulnerabilities;

/// <summary>
/// An impact analysis of a finding from a VEX statement or a waiver (CycloneDX 1.6 <c>vulnerability.analysis</c>).
/// Set only where such data exists; matching never invents one.
/// </summary>
public sealed record FindingAnalysis
{
    public required AnalysisState State { get; init; }

    /// <summary>
    /// CycloneDX justification (<c>code_not_present</c>, <c>code_not_reachable</c>, <c>requires_configuration</c>,
    /// <c>requires_dependency</c>, <c>requires_environment</c>, <c>protected_by_compiler</c>,
    /// <c>protected_at_runtime</c>, <c>protected_at_perimeter</c>, <c>protected_by_mitigating_control</c>), or null.
    /// </summary>
    public string? Justification { get; init; }

    /// <summary>Free text: the VEX statement's impact statement or the waiver's owner and reason.</summary>
    public string? Detail { get; init; }
}
