using Drydock.Controls;
using Drydock.Inventory;
using Drydock.Inventory.OsRelease;

namespace Drydock.Scanning.Cache;

/// <summary>
/// What a cached layer was read for. A layer record is stored under its diff id and the layer format
/// (<see cref="LayerKey"/>) and carries the set of file interests the walk kept contents for
/// (<see cref="Interests"/>: the OS detector, each analyzer's id and version, each control run): a request is served by
/// a record only when that set holds every interest the request has (DESIGN.md §2, "a cache is keyed by what it
/// holds"). Controls and the OS detector carry no version of their own, so a change to what they declare must bump
/// <see cref="LayerFormatVersion"/>.
/// </summary>
public static class CacheKeys
{
    /// <summary>Bumped when the cached layer record or the walker's output changes.</summary>
    public const int LayerFormatVersion = 3; // 2: binary analyzers keep extracts, not executables; 3: records say what they were read for

    /// <summary>The cache key of a layer record: its diff id and the layer format (what it was read for is in the record).</summary>
    public static string LayerKey(Images.Digest diffId) => $"{diffId}|layer-v{LayerFormatVersion}";

    /// <summary>
    /// The interests one run assembles: <c>os:os-release</c>, <c>analyzer:ID@VERSION</c> for each analyzer and
    /// <c>control:ID</c> for each control it runs, sorted (ordinal).
    /// </summary>
    public static IReadOnlyList<string> Interests(IEnumerable<IAnalyzer> analyzers, IEnumerable<IControl> controls) =>
    [
        .. new[] { "os:" + OsDetector.Id }
            .Concat(analyzers.Select(a => $"analyzer:{a.Id}@{a.Version}"))
            .Concat(controls.Select(c => "control:" + c.Id))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>True when a record read for <paramref name="readFor"/> holds everything a request for <paramref name="needed"/> keeps.</summary>
    public static bool Covers(IReadOnlyCollection<string> readFor, IEnumerable<string> needed)
    {
        var held = readFor as IReadOnlySet<string> ?? readFor.ToHashSet(StringComparer.Ordinal);
        return needed.All(held.Contains);
    }

    /// <summary>What an inventory depends on besides the layers: the layer format, the OS detector and every analyzer's id and version.</summary>
    public static string InventorySignature(IEnumerable<IAnalyzer> analyzers) =>
        $"v{LayerFormatVersion};" + string.Join(",", Interests(analyzers, []));
}
