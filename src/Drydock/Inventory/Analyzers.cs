using Drydock.Images.FileSystem;
using Drydock.Inventory.OsRelease;

namespace Drydock.Inventory;

/// <summary>
/// The one explicit registration list of analyzers (no reflection: it must be visible what runs, and trimming/AOT
/// must keep it), read from the ecosystem table: adding an ecosystem adds its analyzers to its row of <see cref="Ecosystems"/>.
/// </summary>
public static class Analyzers
{
    /// <summary>The OS detector, run before the analyzers (they need the OS for purls).</summary>
    public static OsDetector Os { get; } = new();

    /// <summary>Every package analyzer: each ecosystem row's analyzers, in table order (OS package managers first).</summary>
    public static IReadOnlyList<IAnalyzer> All { get; } = [.. Ecosystems.All.SelectMany(e => e.Analyzers)];

    /// <summary>Everything the layer walker must keep for the inventory: the OS detector and every analyzer.</summary>
    public static IReadOnlyList<IFileInterest> FileInterests { get; } = [Os, .. All];
}
