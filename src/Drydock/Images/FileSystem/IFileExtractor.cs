namespace Drydock.Images.FileSystem;

/// <summary>
/// A file interest that needs a small summary of a file rather than the file: the layer walker hands it each wanted
/// file's bytes while the tar streams past and keeps only what it returns (<see cref="FileExtract"/>), so large files
/// (executables read for embedded build metadata) are neither held for the whole walk nor stored in the layer cache.
/// </summary>
public interface IFileExtractor : IFileInterest
{
    /// <summary>Stable id under which the extract is kept (the analyzer's id).</summary>
    string Id { get; }

    /// <summary>
    /// The summary of one file's whole <paramref name="content"/>, or null when there is nothing to keep. Runs once per
    /// wanted file during the walk, so it must be pure and must not throw on hostile input: a damaged file is reported
    /// inside the returned bytes, for the analyzer to turn into a warning.
    /// </summary>
    ReadOnlyMemory<byte>? Extract(ReadOnlyMemory<byte> content);
}
