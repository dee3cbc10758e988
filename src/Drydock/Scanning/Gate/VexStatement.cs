namespace Drydock.Scanning.Gate;

/// <summary>One OpenVEX statement, reduced to what matching needs.</summary>
public sealed record VexStatement(
    string Vulnerability,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> Subcomponents,
    string Status,
    string? Justification,
    string? Statement);
