using System.Text;
using Drydock.Images;
using Drydock.Images.FileSystem;

namespace Drydock.Tests.Builders;

/// <summary>
/// A hand-written in-memory <see cref="IFileSystemView"/> for analyzer tests: "an analyzer test is a folder of files".
/// Files, directories, symlinks and hard links are added with the layer that wrote them; parent directories are added
/// implicitly. <see cref="FromDirectory"/> loads a folder of the host (e.g. shared test data) as an image root.
/// <see cref="KeepingOnly"/> drops the content of every file an interest does not declare, as the layer walker does,
/// so a test also proves that the analyzer asks for the files it reads.
/// </summary>
public sealed class MemoryFileSystem : IFileSystemView
{
    private readonly SortedDictionary<string, FileEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _content = new(StringComparer.Ordinal);
    private int _layerCount = 1;

    public IReadOnlyList<FileEntry> Entries => [.. _entries.Values];

    public IReadOnlyList<Digest> LayerDiffIds =>
        [.. Enumerable.Range(0, _layerCount).Select(i => Digest.Sha256(Encoding.UTF8.GetBytes($"layer {i}")))];

    /// <summary>Loads every file, directory and symlink under <paramref name="hostDirectory"/> as the image root.</summary>
    public static MemoryFileSystem FromDirectory(string hostDirectory, int layer = 0) =>
        new MemoryFileSystem().AddDirectoryTree(hostDirectory, "", layer);

    /// <summary>Adds the tree under <paramref name="hostDirectory"/> at <paramref name="under"/> (image path).</summary>
    public MemoryFileSystem AddDirectoryTree(string hostDirectory, string under, int layer = 0)
    {
        var root = new DirectoryInfo(hostDirectory);
        if (!root.Exists) throw new DirectoryNotFoundException(hostDirectory);
        foreach (var info in root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root.FullName, info.FullName).Replace('\\', '/');
            var path = under.Length == 0 ? relative : under.TrimEnd('/') + "/" + relative;
            if (info.LinkTarget is { } target) AddSymlink(path, target, layer);
            else if (info is DirectoryInfo) AddDirectory(path, layer);
            else AddFile(path, File.ReadAllBytes(info.FullName), layer);
        }
        return this;
    }

    public MemoryFileSystem AddFile(string path, string text, int layer = 0, int mode = 0x1A4) =>
        AddFile(path, Encoding.UTF8.GetBytes(text), layer, mode);

    public MemoryFileSystem AddFile(string path, byte[] content, int layer = 0, int mode = 0x1A4)
    {
        var p = Normalize(path);
        Put(new FileEntry { Path = p, Kind = FileKind.File, Mode = mode, Size = content.Length, LayerIndex = layer });
        _content[p] = content;
        return this;
    }

    public MemoryFileSystem AddDirectory(string path, int layer = 0)
    {
        Put(new FileEntry { Path = Normalize(path), Kind = FileKind.Directory, Mode = 0x1ED, LayerIndex = layer });
        return this;
    }

    public MemoryFileSystem AddSymlink(string path, string target, int layer = 0)
    {
        Put(new FileEntry { Path = Normalize(path), Kind = FileKind.Symlink, Mode = 0x1FF, LinkTarget = target, LayerIndex = layer });
        return this;
    }

    public MemoryFileSystem AddHardLink(string path, string target, int layer = 0)
    {
        var t = Normalize(target);
        var size = _entries.TryGetValue(t, out var e) ? e.Size : 0;
        Put(new FileEntry { Path = Normalize(path), Kind = FileKind.HardLink, Mode = 0x1A4, Size = size, LinkTarget = t, LayerIndex = layer });
        return this;
    }

    /// <summary>A copy whose file contents are kept only where <paramref name="interest"/> wants them.</summary>
    public MemoryFileSystem KeepingOnly(IFileInterest interest)
    {
        var copy = new MemoryFileSystem { _layerCount = _layerCount };
        foreach (var (path, entry) in _entries) copy._entries[path] = entry;
        foreach (var (path, bytes) in _content)
        {
            var entry = _entries[path];
            if (interest.Wants(path, entry.Size, entry.Mode)) copy._content[path] = bytes;
        }
        return copy;
    }

    public FileEntry? Get(string path) => _entries.GetValueOrDefault(Normalize(path));

    public FileEntry? Resolve(string path)
    {
        var current = Normalize(path);
        for (var hops = 0; hops <= 40; hops++)
        {
            var next = ResolveFirstLink(current);
            if (next is null) return Get(current);
            current = next;
        }
        return null;
    }

    public bool HasContent(string path) => ContentPath(path) is { } p && _content.ContainsKey(p);

    public Stream OpenRead(string path) =>
        ContentPath(path) is { } p && _content.TryGetValue(p, out var bytes)
            ? new MemoryStream(bytes, writable: false)
            : throw new InvalidOperationException($"content of '{path}' was not kept (not declared, or not a regular file)");

    private string? ContentPath(string path)
    {
        var entry = Get(path);
        return entry?.Kind == FileKind.HardLink ? entry.LinkTarget : entry?.Path;
    }

    /// <summary>Rewrites the first symlink component of <paramref name="path"/>, or null when there is none.</summary>
    private string? ResolveFirstLink(string path)
    {
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var prefix = string.Join('/', parts[..(i + 1)]);
            if (!_entries.TryGetValue(prefix, out var e) || e.Kind != FileKind.Symlink) continue;
            var dir = string.Join('/', parts[..i]);
            var target = e.LinkTarget!.StartsWith('/') ? e.LinkTarget : dir + "/" + e.LinkTarget;
            return Normalize(target + "/" + string.Join('/', parts[(i + 1)..]));
        }
        return null;
    }

    private void Put(FileEntry entry)
    {
        _layerCount = Math.Max(_layerCount, entry.LayerIndex + 1);
        var slash = entry.Path.LastIndexOf('/');
        if (slash > 0 && !_entries.ContainsKey(entry.Path[..slash])) AddDirectory(entry.Path[..slash], entry.LayerIndex);
        _entries[entry.Path] = entry;
        if (entry.Kind != FileKind.File) _content.Remove(entry.Path);
    }

    /// <summary>Image paths: '/'-separated, no leading slash, '.' dropped, '..' clamped at the root.</summary>
    private static string Normalize(string path)
    {
        var stack = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (stack.Count > 0) stack.RemoveAt(stack.Count - 1); continue; }
            stack.Add(part);
        }
        return string.Join('/', stack);
    }
}
