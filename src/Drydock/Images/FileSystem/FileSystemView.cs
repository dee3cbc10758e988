using Drydock.Images.Layers;

namespace Drydock.Images.FileSystem;

/// <summary>
/// The squashed filesystem of an image (what the running container sees), built by <see cref="Squash"/> from layers
/// read by <see cref="LayerWalker"/>. Lookups take normalised or '/'-prefixed paths; a path that climbs above the root
/// finds nothing. Content is held in memory, exactly as large as the kept files.
/// </summary>
public sealed class FileSystemView : IFileSystemView
{
    private readonly Dictionary<string, FileEntry> _byPath;
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _contents;
    private readonly Dictionary<string, IReadOnlyList<FileVersion>> _earlier;
    private readonly Dictionary<string, IReadOnlyList<FileExtract>> _extracts;

    private FileSystemView(
        List<FileEntry> entries, Dictionary<string, ReadOnlyMemory<byte>> contents, Dictionary<string, IReadOnlyList<FileVersion>> earlier,
        Dictionary<string, IReadOnlyList<FileExtract>> extracts, IReadOnlyList<Digest> diffIds, IReadOnlyList<string> warnings)
    {
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        Entries = entries;
        _byPath = new Dictionary<string, FileEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries) _byPath[entry.Path] = entry;
        _contents = contents;
        _earlier = earlier;
        _extracts = extracts;
        LayerDiffIds = diffIds;
        Warnings = warnings;
    }

    public IReadOnlyList<FileEntry> Entries { get; }

    public IReadOnlyList<Digest> LayerDiffIds { get; }

    /// <summary>Entries skipped (path traversal, unsupported types, broken hard links) and contents not kept (caps).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Applies <paramref name="layers"/> bottom → top (each layer's whiteouts before its own entries), keeping the lower
    /// layers' contents of every path one of <paramref name="interests"/> wants the versions of (<see cref="Versions"/>).
    /// A walk applies each layer as it is read instead (<see cref="FileSystemBuilder"/>).
    /// </summary>
    public static FileSystemView Squash(
        IReadOnlyList<LayerContents> layers, IReadOnlyList<IFileInterest>? interests = null, LayerWalkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var builder = new FileSystemBuilder(interests, options);
        foreach (var layer in layers) builder.Apply(layer);
        return builder.Build();
    }

    internal static FileSystemView FromTree(FileSystemTree tree, IReadOnlyList<Digest> diffIds, IReadOnlyList<string> warnings)
    {
        var entries = new List<FileEntry>();
        var contents = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var earlier = new Dictionary<string, IReadOnlyList<FileVersion>>(StringComparer.Ordinal);
        var extracts = new Dictionary<string, IReadOnlyList<FileExtract>>(StringComparer.Ordinal);
        foreach (var (entry, content, lower, kept) in tree.Walk())
        {
            entries.Add(entry);
            if (content is { } bytes) contents[entry.Path] = bytes;
            if (lower is not null) earlier[entry.Path] = lower;
            if (kept.Count > 0) extracts[entry.Path] = kept;
        }
        return new FileSystemView(entries, contents, earlier, extracts, [.. diffIds], warnings);
    }

    public FileEntry? Get(string path) =>
        LayerPath.Normalize(path) is { } p && _byPath.TryGetValue(p, out var entry) ? entry : null;

    public FileEntry? Resolve(string path) => ResolvePath(path) is { } p ? _byPath.GetValueOrDefault(p) : null;

    /// <summary>
    /// The path <paramref name="path"/> leads to after following every symlink on the way (absolute targets from the
    /// image root, '..' stopping at the root, at most 40 hops as Linux's MAXSYMLINKS); null when it leads nowhere.
    /// </summary>
    public string? ResolvePath(string path) => SymlinkResolver.Resolve(path, Get);

    public bool HasContent(string path) => ContentPath(path) is not null;

    public Stream OpenRead(string path)
    {
        if (ContentPath(path) is { } p) return new MemoryStream(Array(_contents[p]), writable: false);
        if (Resolve(path) is null && Get(path) is null) throw new FileNotFoundException($"no such file in the image: '{path}'", path);
        throw new InvalidOperationException(
            $"the content of '{path}' was not kept: no declared IFileInterest wanted it, it is not a regular file, or it was over a size cap");
    }

    public IReadOnlyList<FileVersion> Versions(string path)
    {
        if (ContentPath(path) is not { } p) return [];
        var current = new FileVersion(_byPath[p].LayerIndex, _contents[p]);
        return _earlier.TryGetValue(p, out var lower) ? [.. lower, current] : [current];
    }

    /// <summary>
    /// The extract the walker kept for <paramref name="path"/> (symlinks resolved); for a file whose whole content was
    /// kept instead (another interest wanted it, or it came from a cache written so), the extract of that content.
    /// </summary>
    public ReadOnlyMemory<byte>? GetExtract(string path, IFileExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        var p = LayerPath.Normalize(path) is { } n && _byPath.ContainsKey(n) ? n : ResolvePath(path);
        if (p is null) return null;
        if (_extracts.TryGetValue(p, out var kept))
        {
            foreach (var e in kept)
            {
                if (e.ExtractorId == extractor.Id) return e.Data;
            }
            return null;
        }
        return _contents.TryGetValue(p, out var content) ? extractor.Extract(content) : null;
    }

    private string? ContentPath(string path)
    {
        if (LayerPath.Normalize(path) is { } p && _contents.ContainsKey(p)) return p;
        return ResolvePath(path) is { } resolved && _contents.ContainsKey(resolved) ? resolved : null;
    }

    private static byte[] Array(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0
            && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}
