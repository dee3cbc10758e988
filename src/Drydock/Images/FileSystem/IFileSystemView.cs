namespace Drydock.Images.FileSystem;

/// <summary>
/// The squashed filesystem of an image: every path the container would see, with the layer that wrote it.
/// Directories, symlinks and hard links are always listed; a regular file, device or FIFO only when its content was
/// kept or an interest asked for the entry (<see cref="IFileInterest.WantsEntry"/>); content only for files some
/// analyzer or control declared (<see cref="IFileInterest"/>). Reading content of an undeclared file throws
/// <see cref="InvalidOperationException"/>.
/// </summary>
public interface IFileSystemView
{
    /// <summary>All entries, sorted by path (ordinal).</summary>
    IReadOnlyList<FileEntry> Entries { get; }

    /// <summary>The entry at <paramref name="path"/> (no symlink resolution), or null.</summary>
    FileEntry? Get(string path);

    /// <summary>Follows symlinks (within the image root, at most 40 hops) to the final entry, or null.</summary>
    FileEntry? Resolve(string path);

    /// <summary>True when the content of <paramref name="path"/> was kept (it was declared and is a regular file).</summary>
    bool HasContent(string path);

    /// <summary>Opens the kept content of a regular file (hard links resolved).</summary>
    Stream OpenRead(string path);

    /// <summary>
    /// The kept contents of the regular file at <paramref name="path"/> (symlinks followed), bottom → top, one per layer
    /// that wrote it since it last appeared (a whiteout or an opaque directory starts the list again), ending with the
    /// visible content. Lower versions are there only when an <see cref="IFileInterest.WantsVersions"/> asked for the
    /// path; empty when no content was kept.
    /// </summary>
    IReadOnlyList<FileVersion> Versions(string path) =>
        HasContent(path) && Resolve(path) is { } entry ? [new FileVersion(entry.LayerIndex, ReadAll(path))] : [];

    /// <summary>
    /// What <paramref name="extractor"/> derived from the regular file at <paramref name="path"/>: the extract the layer
    /// walker kept, or (for a view that holds whole contents, such as a test's) the extract of the kept content; null
    /// when the extractor kept nothing for it.
    /// </summary>
    ReadOnlyMemory<byte>? GetExtract(string path, IFileExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        if (!HasContent(path)) return null;
        using var stream = OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return extractor.Extract(copy.GetBuffer().AsMemory(0, (int)copy.Length));
    }

    /// <summary>The layers, bottom → top (diff ids), so an entry's <see cref="FileEntry.LayerIndex"/> can be named.</summary>
    IReadOnlyList<Digest> LayerDiffIds { get; }

    private byte[] ReadAll(string path)
    {
        using var stream = OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
