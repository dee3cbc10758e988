using System.Formats.Tar;
using Drydock.Images.Tar;

namespace Drydock.Images.Sources.Archives;

/// <summary>
/// An image archive (docker-archive or oci-archive tar) read in place: the tar is indexed once (name → data
/// offset/length, links) and files are served by seeking, so nothing is ever written to disk by an entry's name.
/// A gzip- or zstd-compressed archive (<c>docker save | gzip</c>) is first decompressed to one temp file named by
/// a GUID under the temp directory, deleted on dispose.
/// </summary>
internal sealed class TarArchive : IBlobStore
{
    private const int MaxLinkHops = 16;
    private readonly Dictionary<string, TarArchiveEntry> _entries;
    private readonly string _dataPath;
    private readonly string? _tempFile;

    private TarArchive(string location, string dataPath, string? tempFile, Dictionary<string, TarArchiveEntry> entries)
    {
        Location = location;
        _dataPath = dataPath;
        _tempFile = tempFile;
        _entries = entries;
    }

    public string Location { get; }

    /// <summary>Every entry name (normalised), for sniffing and for error messages.</summary>
    public IEnumerable<string> Names => _entries.Keys;

    /// <summary>Most entries an image archive may hold (a <c>docker save</c> of many images holds a few thousand); the
    /// index of a larger one would cost memory per entry, so it is refused.</summary>
    public const int MaxEntries = 100_000;

    public static TarArchive Open(string path, string tempDirectory, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path)) throw new DrydockException($"{path} is a directory, not a tar archive");
        if (!File.Exists(path)) throw new DrydockException($"no such file: {path}");
        var tempFile = CompressedArchive.DecompressIfNeeded(path, tempDirectory, cancellationToken);
        try
        {
            var dataPath = tempFile ?? path;
            return new TarArchive(path, dataPath, tempFile, Index(path, dataPath, cancellationToken));
        }
        catch
        {
            if (tempFile is not null) File.Delete(tempFile);
            throw;
        }
    }

    private static Dictionary<string, TarArchiveEntry> Index(string location, string dataPath, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, TarArchiveEntry>(StringComparer.Ordinal);
        using var file = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            var reader = new TarStreamReader(file, location);
            while (reader.Next() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entries.Count >= MaxEntries)
                    throw new DrydockException($"{location} holds more than {MaxEntries} entries: not an image archive (refused)");
                var name = ArchivePaths.NormalizeEntryName(entry.Name)
                    ?? throw new DrydockException($"unsafe entry name '{TarHeaderParser.Shorten(entry.Name)}' in {location}");
                if (entry.Type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                    && entry.DataOffset + entry.Size > file.Length)
                    throw new DrydockException($"truncated tar archive {location}: entry '{name}' ends past the end of the file");
                entries[name] = new TarArchiveEntry(entry.Type, entry.DataOffset, entry.Size, entry.LinkName);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new DrydockException($"truncated or corrupt tar archive {location}: {e.Message}", inner: e);
        }
        if (entries.Count == 0) throw new DrydockException($"{location} is not a tar archive (no entries)");
        return entries;
    }

    public bool TryGetLength(string name, out long length)
    {
        var entry = Resolve(name, throwOnMissing: false);
        length = entry?.Length ?? 0;
        return entry is not null;
    }

    public Stream Open(string name)
    {
        var entry = Resolve(name, throwOnMissing: true)!;
        return new FileRangeStream(_dataPath, entry.DataOffset, entry.Length);
    }

    /// <summary>Follows symlinks and hard links inside the archive (skopeo writes <c>&lt;id&gt;/layer.tar</c> as a symlink).</summary>
    private TarArchiveEntry? Resolve(string name, bool throwOnMissing)
    {
        var current = ArchivePaths.NormalizeEntryName(name)
            ?? throw new DrydockException($"unsafe name '{name}' in {Location}");
        for (var hop = 0; hop <= MaxLinkHops; hop++)
        {
            if (!_entries.TryGetValue(current, out var entry))
                return throwOnMissing ? throw new DrydockException($"{name} is missing from {Location}") : null;
            switch (entry.Type)
            {
                case TarEntryType.SymbolicLink:
                case TarEntryType.HardLink:
                    var from = entry.Type == TarEntryType.SymbolicLink ? ArchivePaths.DirectoryOf(current) : "";
                    current = ArchivePaths.ResolveLinkTarget(from, entry.LinkName ?? "")
                        ?? throw new DrydockException($"link '{current}' in {Location} points outside the archive");
                    continue;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    return entry;
                default:
                    return throwOnMissing ? throw new DrydockException($"{name} in {Location} is not a regular file") : null;
            }
        }
        throw new DrydockException($"too many links resolving '{name}' in {Location}");
    }

    public void Dispose()
    {
        if (_tempFile is not null) File.Delete(_tempFile);
    }

    private sealed record TarArchiveEntry(TarEntryType Type, long DataOffset, long Length, string? LinkName);
}
