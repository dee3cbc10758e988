namespace Drydock.Images.FileSystem;

/// <summary>
/// The content of a regular file as one layer wrote it (<see cref="IFileSystemView.Versions"/>): package databases are
/// rewritten by every layer that installs something, so comparing a database's versions layer by layer tells which
/// layer installed each package.
/// </summary>
public sealed record FileVersion(int LayerIndex, ReadOnlyMemory<byte> Content)
{
    public Stream OpenRead() => new MemoryStream(Content.ToArray(), writable: false);
}
