namespace Drydock.Inventory.Languages;

/// <summary>
/// What a language manifest parser found, before the analyzer knows where the manifest sits: the analyzer adds the
/// purl, the path and the layer (<see cref="ManifestAnalysis.ToPackage"/>). <see cref="DependsOn"/> holds purls when
/// the manifest records resolved versions (lockfiles, binaries) and bare names when it records ranges (package.json,
/// METADATA).
/// </summary>
internal sealed record ParsedPackage(string? Namespace, string Name, string Version)
{
    public IReadOnlyList<string> Licenses { get; init; } = [];
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}
