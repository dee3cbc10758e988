namespace Drydock.Images.FileSystem;

/// <summary>
/// Declares which file contents a consumer (analyzer, control) needs. The layer walker asks every declared interest
/// and keeps a file's bytes only when one says yes, so one pass over the layers feeds everybody.
/// </summary>
public interface IFileInterest
{
    /// <summary>
    /// True to keep the content of the regular file at <paramref name="path"/> (normalised, no leading slash).
    /// Must be cheap and pure: it is called for every file of every layer.
    /// </summary>
    bool Wants(string path, long size, int mode);

    /// <summary>
    /// True to keep, besides the visible content of the wanted file at <paramref name="path"/>, the content each lower
    /// layer wrote there (<see cref="IFileSystemView.Versions"/>). Costs the memory of every kept version for as long
    /// as the view lives, so only small files that are rewritten layer by layer (package databases) should ask.
    /// </summary>
    bool WantsVersions(string path) => false;

    /// <summary>
    /// True to list the entry at <paramref name="path"/> (a regular file, device or FIFO) in the view although its
    /// content is not wanted: such entries are otherwise not kept, so memory follows what was asked for, not the
    /// image's file count (directories, symlinks and hard links are always listed). CIS-4.8 asks for setuid and setgid
    /// files this way. Called for every such entry of every layer: cheap and pure.
    /// </summary>
    bool WantsEntry(string path, int mode) => false;

    /// <summary>
    /// The largest content of the wanted file at <paramref name="path"/> this interest reads. The walker keeps a file
    /// only up to the largest bound of the interests that want it, and never past
    /// <see cref="Layers.LayerWalkOptions.MaxFileContentBytes"/>; a larger file is listed without content (a warning,
    /// and a coverage gap for an analyzer: docs/limits.md). Package databases ask for less than executables do.
    /// </summary>
    long MaxContentBytes(string path) => long.MaxValue;
}
