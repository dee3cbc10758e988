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
    private Func<FileEntry, bool> _kept = _ => true;

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

    /// <summary>Adds the files of <paramref name="directory"/> (only those whose relative path passes <paramref name="include"/>) under <paramref name="prefix"/>.</summary>
    public LanguageTestFileSystem AddDirectory(string directory, string prefix = "", Func<string, bool>? include = null)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (include is null || include(relative)) Add(prefix + relative, File.ReadAllBytes(file));
        }
        return this;
    }

    /// <summary>Runs <paramref name="analyzer"/> as the scanner would: only the files it wants keep their content.</summary>
    public AnalyzerResult Run(IAnalyzer analyzer)
    {
        _kept = e => analyzer.Wants(e.Path, e.Size, e.Mode);
        return analyzer.Analyze(new AnalysisContext(this, OsInfo.Unknown, CancellationToken.None));
    }

    public FileEntry? Get(string path) => _entries.GetValueOrDefault(path);

    public FileEntry? Resolve(string path) => Get(path);

    public bool HasContent(string path) => _content.ContainsKey(path) && _kept(_entries[path]);

    public Stream OpenRead(string path) =>
        HasContent(path) && _content.TryGetValue(path, out var c) ? new MemoryStream(c, writable: false) : throw new InvalidOperationException($"no content kept for {path}");
}
