namespace Drydock.Vulnerabilities;

/// <summary>CycloneDX 1.6 <c>impactAnalysisState</c>.</summary>
public enum AnalysisState
{
    Resolved,
    ResolvedWithPedigree,
    Exploitable,
    InTriage,
    FalsePositive,
    NotAffected,
}
