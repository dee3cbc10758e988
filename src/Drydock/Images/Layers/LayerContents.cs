namespace Drydock.Images.Layers;

/// <summary>
/// What one layer contributes, independent of the layers below it, so it can be cached by <see cref="DiffId"/>:
/// the paths its whiteouts delete and the directories it makes opaque (OCI image-spec layer.md "Whiteouts"), and its
/// own entries in tar order (whiteout files themselves excluded). <see cref="FileSystem.FileSystemView.Squash"/>
/// applies a stack of these bottom → top.
/// </summary>
public sealed record LayerContents
{
    /// <summary>Position in the image, 0 = bottom; every entry's LayerIndex equals it.</summary>
    public required int Index { get; init; }

    /// <summary>Digest of the uncompressed tar, as computed while reading it.</summary>
    public required Digest DiffId { get; init; }

    public required IReadOnlyList<LayerEntry> Entries { get; init; }

    /// <summary>Paths (and their subtrees) this layer deletes from the layers below (<c>dir/.wh.name</c> → <c>dir/name</c>).</summary>
    public IReadOnlyList<string> Whiteouts { get; init; } = [];

    /// <summary>Directories whose lower-layer contents this layer hides (<c>dir/.wh..wh..opq</c> → <c>dir</c>).</summary>
    public IReadOnlyList<string> OpaqueDirectories { get; init; } = [];

    /// <summary>
    /// <see cref="FileSystem.PathHash"/>es of the paths this layer wrote entries at that no interest kept: they are not
    /// listed, yet still replace whatever lower layers had at those paths.
    /// </summary>
    public UnlistedPathSet Unlisted { get; init; } = UnlistedPathSet.Empty;

    /// <summary>How many tar entries the layer holds (kept or not), for the image-wide bound.</summary>
    public long EntriesRead { get; init; }

    /// <summary>Entries skipped or content not kept, each naming the layer and the entry.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Size of the stored (compressed) blob as read.</summary>
    public long StoredBytes { get; init; }

    /// <summary>Size of the uncompressed tar.</summary>
    public long TarBytes { get; init; }
}
