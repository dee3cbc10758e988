namespace Drydock.Vulnerabilities.Matching;

/// <summary>What matching found, and how many advisory rows it could not evaluate (with the first as an example).</summary>
public sealed record MatchResult(IReadOnlyList<Finding> Findings, int UnevaluatedRanges, string? UnevaluatedExample);
