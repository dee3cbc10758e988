using Drydock.Controls;
using Drydock.Inventory;
using Drydock.Inventory.OsRelease;

namespace Drydock.Scanning.Cache;

/// <summary>
/// What a cached layer depends on besides its diff id: the layer format and every analyzer's id and version (they
/// decide which file contents were kept). Controls and the OS detector declare files too; they carry no version of
/// their own, so a change to what they declare must bump <see cref="LayerFormatVersion"/>.
/// </summary>
public static class CacheKeys
{
    /// <summary>Bumped when the cached layer record or the walker's output changes.</summary>
    public const int LayerFormatVersion = 2; // 2: binary analyzers keep extracts, not executables

    public static string InterestSignature(IReadOnlyList<IAnalyzer> analyzers, IReadOnlyList<IControl> controls) =>
        $"v{LayerFormatVersion};{OsDetector.Id};"
        + string.Join(",", analyzers.Select(a => a.Id + "@" + a.Version).Order(StringComparer.Ordinal)) + ";"
        + string.Join(",", controls.Select(c => c.Id).Order(StringComparer.Ordinal));
}
