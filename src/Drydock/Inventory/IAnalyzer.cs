using Drydock.Images.FileSystem;

namespace Drydock.Inventory;

/// <summary>
/// Finds packages (or the OS) in a filesystem view. It declares the files it needs through <see cref="IFileInterest"/>
/// and never sees tar files or layers. A malformed file is a warning in the result, never an exception.
/// </summary>
public interface IAnalyzer : IFileInterest
{
    /// <summary>Stable kebab-case id (<c>dpkg-status</c>, <c>npm-package-json</c>).</summary>
    string Id { get; }

    /// <summary>Bumped whenever the analyzer's output for the same input changes (part of the layer cache key).</summary>
    int Version { get; }

    AnalyzerResult Analyze(AnalysisContext context);
}

/// <summary>What an analyzer gets: the view and the OS detected beforehand (null when none yet, for OS detectors).</summary>
public sealed record AnalysisContext(IFileSystemView FileSystem, OsInfo Os, CancellationToken CancellationToken);

/// <summary>What an analyzer found.</summary>
public sealed record AnalyzerResult
{
    public IReadOnlyList<Package> Packages { get; init; } = [];
    public IReadOnlyList<InventoryWarning> Warnings { get; init; } = [];

    /// <summary>Red Hat build info by the layer that carries it; <see cref="InventoryBuilder"/> gives it to that layer's rpms.</summary>
    public IReadOnlyDictionary<int, RedHatBuildInfo> BuildInfoByLayer { get; init; } = new Dictionary<int, RedHatBuildInfo>();

    public static readonly AnalyzerResult Empty = new();
}
