using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Drydock.Tests.Builders;

/// <summary>
/// Writes a layer tar in memory, entry by entry in the order added: files, directories, links, devices, whiteouts,
/// opaque markers and hostile names (names are written exactly as given, '../' included). PAX format by default,
/// GNU (LongLink records for long names) on request. <see cref="Gzip"/> and <see cref="Zstd"/> compress the result.
/// </summary>
internal sealed class TarBuilder
{
    private readonly List<Action<TarWriter>> _entries = [];
    private readonly TarEntryFormat _format;

    public TarBuilder(TarEntryFormat format = TarEntryFormat.Pax) => _format = format;

    public TarBuilder File(string name, string content, int mode = 0x1a4, int uid = 0, int gid = 0) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid);

    public TarBuilder File(string name, byte[] content, int mode = 0x1a4, int uid = 0, int gid = 0) =>
        Add(TarEntryType.RegularFile, name, mode, uid, gid, entry => entry.DataStream = new MemoryStream(content));

    public TarBuilder Directory(string name, int mode = 0x1ed, int uid = 0, int gid = 0) =>
        Add(TarEntryType.Directory, name, mode, uid, gid);

    public TarBuilder Symlink(string name, string target) =>
        Add(TarEntryType.SymbolicLink, name, 0x1ff, 0, 0, entry => entry.LinkName = target);

    public TarBuilder HardLink(string name, string target, int mode = 0x1a4) =>
        Add(TarEntryType.HardLink, name, mode, 0, 0, entry => entry.LinkName = target);

    public TarBuilder CharDevice(string name, int major, int minor) =>
        Add(TarEntryType.CharacterDevice, name, 0x1b6, 0, 0, entry =>
        {
            ((PosixTarEntry)entry).DeviceMajor = major;
            ((PosixTarEntry)entry).DeviceMinor = minor;
        });

    public TarBuilder Fifo(string name) => Add(TarEntryType.Fifo, name, 0x1a4, 0, 0);

    /// <summary>A whiteout deleting <paramref name="path"/> from lower layers (<c>dir/.wh.name</c>).</summary>
    public TarBuilder Whiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        var name = slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..];
        return File(name, []);
    }

    /// <summary>The opaque marker of <paramref name="directory"/> (<c>dir/.wh..wh..opq</c>).</summary>
    public TarBuilder Opaque(string directory) => File(directory.TrimEnd('/') + "/.wh..wh..opq", []);

    public byte[] Build()
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, _format, leaveOpen: true))
        {
            foreach (var write in _entries) write(writer);
        }
        return output.ToArray();
    }

    public byte[] Gzip() => Gzip(Build());

    public byte[] Zstd() => Zstd(Build());

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    public static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(data).ToArray();
    }

    private TarBuilder Add(TarEntryType type, string name, int mode, int uid, int gid, Action<TarEntry>? configure = null)
    {
        _entries.Add(writer =>
        {
            TarEntry entry = _format == TarEntryFormat.Gnu ? new GnuTarEntry(type, name) : new PaxTarEntry(type, name);
            entry.Mode = (UnixFileMode)mode;
            entry.Uid = uid;
            entry.Gid = gid;
            entry.ModificationTime = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
            configure?.Invoke(entry);
            writer.WriteEntry(entry);
        });
        return this;
    }
}
