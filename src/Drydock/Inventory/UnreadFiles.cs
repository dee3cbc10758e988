using Drydock.Images.FileSystem;

namespace Drydock.Inventory;

/// <summary>
/// Files an analyzer declared (<see cref="IFileInterest.Wants"/>) whose content the layer walker did not keep: over
/// the per-file read bound or the total kept-content bound (docs/limits.md). Each is a warning naming path and layer,
/// so a package database padded past a bound makes the inventory partial, never silently smaller. Extractors (binary
/// analyzers) report their own oversized candidates.
/// </summary>
internal static class UnreadFiles
{
    public static List<InventoryWarning> Find(IFileSystemView fs, IReadOnlyList<IAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var keepers = analyzers.Where(a => a is not IFileExtractor).ToArray();
        var found = new List<InventoryWarning>();
        var n = 0;
        foreach (var entry in fs.Entries)
        {
            if ((++n & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (entry.Kind != FileKind.File || !AnyWants(keepers, entry) || fs.HasContent(entry.Path)) continue;
            found.Add(new InventoryWarning(entry.Path, entry.LayerIndex,
                $"not read: {entry.Size} bytes, over the per-file or total read bound; what it lists is missing from the inventory"));
        }
        return found;
    }

    // Asked of every file of the view: a loop, no closure per entry (issue 17: one per file was ~2 MB of a cold scan's
    // allocations after the walks, and set off a collection there).
    private static bool AnyWants(IAnalyzer[] keepers, FileEntry entry)
    {
        foreach (var keeper in keepers)
        {
            if (keeper.Wants(entry.Path, entry.Size, entry.Mode)) return true;
        }
        return false;
    }
}
