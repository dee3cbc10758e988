using Drydock.Images.FileSystem;

namespace Drydock.Images.Layers;

/// <summary>
/// An interest that takes every entry of a layer as the tar streams, in tar order, instead of having the walker keep
/// any (<c>inspect --list-files</c>): names are normalised and bounded as for any read, whiteout files arrive as the
/// paths they delete, opaque markers as their directory; no content is read. Memory is then the consumer's business.
/// </summary>
public interface ILayerEntryStream : IFileInterest
{
    /// <summary>A directory, file, link, device or FIFO (<see cref="FileEntry.LayerIndex"/> = the layer).</summary>
    void Entry(FileEntry entry);

    /// <summary>A whiteout (<c>dir/.wh.name</c>): <paramref name="path"/> and its subtree are deleted from lower layers.</summary>
    void Whiteout(string path);

    /// <summary>An opaque marker (<c>dir/.wh..wh..opq</c>): lower layers' entries below <paramref name="directory"/> are hidden.</summary>
    void Opaque(string directory);
}
