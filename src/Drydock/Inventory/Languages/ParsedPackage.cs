namespace Drydock.Inventory.Languages;

/// <summary>
/// What a language manifest parser found, before the analyzer knows where the manifest sits: the analyzer adds the
/// purl, the path and the layer (<see cref="ManifestAnalysis.ToPackage"/>). <see cref="DependsOn"/> holds purls where
/// the record points at the exact package depended on (cargo-auditable's indices) and bare names elsewhere
/// (package.json, lockfiles, METADATA, gemspecs, installed.json record names with ranges).
/// </summary>
internal sealed record ParsedPackage(string? Namespace, string Name, string Version)
{
    public IReadOnlyList<string> Licenses { get; init; } = [];
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}
