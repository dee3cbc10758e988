using System.Formats.Tar;
using System.IO.Compression;
using Drydock.Images.Layers;
using Drydock.Images.Tar;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Unpacks a <c>.tar</c>, <c>.tar.gz</c> or <c>.zip</c> bundle into a fresh directory, taking only directories and
/// regular files: a link, device, FIFO or other entry is named and refused before anything is created for it (a
/// device node or FIFO would otherwise be made, as root, and read). Names are normalised and may not leave the
/// directory. Sizes are checked while the bytes stream (docs/limits.md, "Feeds and bundles"): at most
/// <see cref="MaxEntryBytes"/> per entry, <see cref="MaxTotalBytes"/> in all, and no more than
/// <see cref="MaxRatio"/> times the archive's own size once past <see cref="RatioGraceBytes"/>, so a zip bomb stops
/// early. Every failure is a <see cref="DrydockException"/>; the caller removes the directory.
/// </summary>
internal sealed class BundleExtractor
{
    public const long MaxEntryBytes = 8L << 30;
    public const long MaxTotalBytes = 16L << 30;
    public const int MaxRatio = 50;
    public const long RatioGraceBytes = 64L << 20;
    public const int MaxEntries = 2_000_000;

    private readonly string _source;
    private readonly string _root;
    private readonly long _allowed;
    private readonly byte[] _buffer = new byte[81920];
    private long _total;
    private int _entries;

    private BundleExtractor(string source, string root, long maxEntryBytes, long maxTotalBytes)
    {
        (_source, _root) = (source, Path.GetFullPath(root));
        MaxEntry = maxEntryBytes;
        _allowed = Math.Min(maxTotalBytes, Math.Max(RatioGraceBytes, new FileInfo(source).Length * MaxRatio));
    }

    private long MaxEntry { get; }

    /// <summary>Unpacks <paramref name="source"/> into the existing, empty <paramref name="directory"/>.</summary>
    public static async Task ExtractAsync(string source, string directory, CancellationToken cancellationToken,
        long maxEntryBytes = MaxEntryBytes, long maxTotalBytes = MaxTotalBytes)
    {
        var extractor = new BundleExtractor(source, directory, maxEntryBytes, maxTotalBytes);
        try
        {
            if (source.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) await extractor.ZipAsync(cancellationToken);
            else await extractor.TarAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or OverflowException
                                      or ArgumentException or NotSupportedException)
        {
            throw new DrydockException($"{source} is not a tar, tar.gz or zip bundle: {e.Message}", inner: e);
        }
    }

    // The same reader as image layers (checksums, bounded numeric fields and names): a hostile header is one line naming
    // the bundle, the entry and the field, never an overflow deep inside System.Formats.Tar.
    private async Task TarAsync(CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(_source);
        await using Stream stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var reader = new TarStreamReader(stream, _source);
        while (reader.Next() is { } entry)
        {
            var kind = entry.Type switch
            {
                TarEntryType.Directory => Kind.Directory,
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => Kind.File,
                _ => Kind.Other,
            };
            var path = Target(entry.Name, kind, entry.Type.ToString());
            if (kind == Kind.Directory) Directory.CreateDirectory(path);
            else await WriteAsync(entry.Name, path, new TarEntryStream(reader), cancellationToken);
        }
    }

    /// <summary>The current entry's data as a stream, for <see cref="WriteAsync"/>.</summary>
    private sealed class TarEntryStream(TarStreamReader reader) : ReadOnlyStreamBase
    {
        public override int Read(Span<byte> buffer) => reader.Read(buffer);
    }

    private async Task ZipAsync(CancellationToken cancellationToken)
    {
        await using var archive = await ZipFile.OpenReadAsync(_source, cancellationToken);
        foreach (var entry in archive.Entries)
        {
            var unixType = (entry.ExternalAttributes >> 16) & 0xF000; // st_mode of zips made on unix (APPNOTE 4.4.15)
            var kind = entry.FullName.EndsWith('/') ? Kind.Directory
                : unixType is 0 or 0x8000 ? Kind.File
                : Kind.Other;
            var path = Target(entry.FullName, kind, unixType switch
            {
                0xA000 => "symbolic link", 0x2000 => "character device", 0x6000 => "block device", 0x1000 => "FIFO",
                0xC000 => "socket", 0x4000 => "directory without a trailing '/'", _ => "file of unknown type",
            });
            if (kind == Kind.Directory) Directory.CreateDirectory(path);
            else
            {
                await using var data = await entry.OpenAsync(cancellationToken);
                await WriteAsync(entry.FullName, path, data, cancellationToken);
            }
        }
    }

    private string Target(string name, Kind kind, string what)
    {
        if (++_entries > MaxEntries) throw new DrydockException($"{_source}: more than {MaxEntries} entries; refused");
        if (kind == Kind.Other)
            throw new DrydockException($"{_source}: entry '{name}' is a {what}; a bundle may hold only directories and regular files");
        var relative = LayerPath.Normalize(name.Replace('\\', '/'));
        if (relative is null) throw new DrydockException($"{_source}: entry '{name}' leaves the bundle; refused");
        var path = Path.GetFullPath(Path.Combine(_root, relative));
        if (path != _root && !path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new DrydockException($"{_source}: entry '{name}' leaves the bundle; refused");
        return path;
    }

    private async Task WriteAsync(string name, string path, Stream data, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        long written = 0;
        int n;
        while ((n = await data.ReadAsync(_buffer, cancellationToken)) > 0)
        {
            written += n;
            _total += n;
            if (written > MaxEntry)
                throw new DrydockException($"{_source}: entry '{name}' is over {MaxEntry} bytes uncompressed; refused as a decompression bomb");
            if (_total > _allowed)
                throw new DrydockException($"{_source}: over {_allowed} bytes uncompressed ({MaxRatio}× the bundle, at most "
                                           + $"{MaxTotalBytesText}) at entry '{name}'; refused as a decompression bomb");
            await output.WriteAsync(_buffer.AsMemory(0, n), cancellationToken);
        }
    }

    private static string MaxTotalBytesText => $"{MaxTotalBytes >> 30} GiB";

    private static bool IsGzip(FileStream file)
    {
        var b1 = file.ReadByte();
        var b2 = file.ReadByte();
        file.Position = 0;
        return b1 == 0x1f && b2 == 0x8b;
    }

    private enum Kind
    {
        Directory,
        File,
        Other,
    }
}
