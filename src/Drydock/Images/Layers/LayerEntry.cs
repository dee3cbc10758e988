using Drydock.Images.FileSystem;

namespace Drydock.Images.Layers;

/// <summary>
/// One entry a layer writes, in tar order: its metadata (<see cref="FileEntry.LayerIndex"/> = this layer) and, for a
/// regular file some <see cref="IFileInterest"/> declared, its content (exactly <see cref="FileEntry.Size"/> bytes).
/// Hard links carry the normalised target path in <see cref="FileEntry.LinkTarget"/> and no content of their own.
/// </summary>
public sealed record LayerEntry(FileEntry Entry, ReadOnlyMemory<byte>? Content)
{
    /// <summary>What each <see cref="IFileExtractor"/> that wanted this regular file kept of it (empty when none).</summary>
    public IReadOnlyList<FileExtract> Extracts { get; init; } = [];
}
