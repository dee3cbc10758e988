using Drydock.Images;
using Drydock.Images.FileSystem;

namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>
/// A real directory as a one-layer image view, for oracle tests: every entry (symlinks not followed), content only for
/// the regular files <paramref name="interest"/> wants, read from disk on demand.
/// </summary>
internal sealed class DirectoryFileSystemView : IFileSystemView
{
    private readonly string _root;
    private readonly IFileInterest _interest;
    private readonly Dictionary<string, FileEntry> _byPath;

    public DirectoryFileSystemView(string root, IFileInterest interest)
    {
        _root = root;
        _interest = interest;
        var entries = new List<FileEntry>();
        Walk(new DirectoryInfo(root), entries);
        Entries = [.. entries.OrderBy(e => e.Path, StringComparer.Ordinal)];
        _byPath = Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
    }

    public IReadOnlyList<FileEntry> Entries { get; }

    public IReadOnlyList<Digest> LayerDiffIds => [];

    public FileEntry? Get(string path) => _byPath.GetValueOrDefault(path);

    public FileEntry? Resolve(string path) => Get(path);

    public bool HasContent(string path) =>
        Get(path) is { Kind: FileKind.File } e && _interest.Wants(e.Path, e.Size, e.Mode);

    public Stream OpenRead(string path) =>
        HasContent(path) ? File.OpenRead(Path.Combine(_root, path)) : throw new InvalidOperationException($"no content kept for {path}");

    private void Walk(DirectoryInfo dir, List<FileEntry> into)
    {
        foreach (var info in dir.EnumerateFileSystemInfos())
        {
            var path = Path.GetRelativePath(_root, info.FullName).Replace('\\', '/');
            var isLink = info.LinkTarget is not null;
            var kind = isLink ? FileKind.Symlink : info is DirectoryInfo ? FileKind.Directory : FileKind.File;
            into.Add(new FileEntry
            {
                Path = path,
                Kind = kind,
                Mode = (int)info.UnixFileMode,
                Size = kind == FileKind.File ? ((FileInfo)info).Length : 0,
                LinkTarget = info.LinkTarget,
                LayerIndex = 0,
            });
            if (kind == FileKind.Directory) Walk((DirectoryInfo)info, into);
        }
    }
}
