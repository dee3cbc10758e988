using System.Text;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Inventory;

namespace Drydock.Tests.Inventory.Languages;

/// <summary>
/// An in-memory view for the language analyzer tests: files with content, their parent directories implied.
/// Content is kept only for files the analyzer under test wants, as the layer walker would.
/// </summary>
internal sealed class LanguageTestFileSystem : IFileSystemView
{
    private readonly SortedDictionary<string, FileEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _content = new(StringComparer.Ordinal);

    public IReadOnlyList<FileEntry> Entries => [.. _entries.Values];

    public IReadOnlyList<Digest> LayerDiffIds => [];

    public LanguageTestFileSystem Add(string path, string text, int layer = 0, int mode = 0x1A4) =>
        Add(path, Encoding.UTF8.GetBytes(text), layer, mode);

    public LanguageTestFileSystem Add(string path, byte[] content, int layer = 0, int mode = 0x1A4)
    {
        _entries[path] = new FileEntry { Path = path, Kind = FileKind.File, Mode = mode, Size = content.Length, LayerIndex = layer };
        _content[path] = content;
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            var dir = path[..slash];
            _entries.TryAdd(dir, new FileEntry { Path = dir, Kind = FileKind.Directory, Mode = 0x1ED, LayerIndex = layer });
        }
        return this;
    }

    /// <summary>Runs <paramref name="analyzer"/> as the scanner would: only the files it wants keep their content.</summary>
    public AnalyzerResult Run(IAnalyzer analyzer)
    {
        foreach (var e in _entries.Values.Where(e => e.Kind == FileKind.File && !analyzer.Wants(e.Path, e.Size, e.Mode)).ToList())
            _content.Remove(e.Path);
        return analyzer.Analyze(new AnalysisContext(this, OsInfo.Unknown, CancellationToken.None));
    }

    public FileEntry? Get(string path) => _entries.GetValueOrDefault(path);

    public FileEntry? Resolve(string path) => Get(path);

    public bool HasContent(string path) => _content.ContainsKey(path);

    public Stream OpenRead(string path) =>
        _content.TryGetValue(path, out var c) ? new MemoryStream(c, writable: false) : throw new InvalidOperationException($"no content kept for {path}");
}
