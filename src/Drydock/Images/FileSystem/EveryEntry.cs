namespace Drydock.Images.FileSystem;

/// <summary>
/// The interest of a consumer that needs the whole squashed tree in memory: every entry's metadata is kept, no content.
/// Memory then grows with the image's file count, within <c>LayerWalkOptions.MaxKeptEntries</c>; <c>inspect
/// --list-files</c> streams its listing instead (<see cref="Inspection.Listing.SquashedListing"/>).
/// </summary>
public sealed class EveryEntry : IFileInterest
{
    public static readonly EveryEntry Instance = new();

    private EveryEntry()
    {
    }

    public bool Wants(string path, long size, int mode) => false;

    public bool WantsEntry(string path, int mode) => true;
}
