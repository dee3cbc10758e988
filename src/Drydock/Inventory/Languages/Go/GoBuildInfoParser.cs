using System.Text;

namespace Drydock.Inventory.Languages.Go;

/// <summary>
/// Reads the build information the Go linker embeds in every binary (Go source, src/debug/buildinfo/buildinfo.go and
/// src/runtime/debug/mod.go). It starts with the 14-byte magic <c>"\xff Go buildinf:"</c> at the start of the ELF
/// section <c>.go.buildinfo</c> (or anywhere in other formats), then byte 14 = pointer size, byte 15 = flags
/// (bit 0 big-endian, bit 1 "strings inline", Go 1.18+). Inline form: after the 32-byte header come two
/// uvarint-length-prefixed strings, the Go version and the module info. The module info is wrapped in two 16-byte
/// sentinels and holds tab-separated lines <c>path P</c>, <c>mod P V SUM</c>, <c>dep P V SUM</c>, <c>=&gt; P V SUM</c>
/// (replaces the previous dep) and <c>build KEY=VALUE</c>. Before Go 1.18 the header points to the two strings
/// instead (read through the ELF section table). Returns null when the file is not a Go binary.
/// </summary>
internal static class GoBuildInfoParser
{
    private const int HeaderSize = 32;
    private const int SentinelSize = 16;
    private static readonly byte[] Magic = [0xFF, .. " Go buildinf:"u8];

    public static GoBuildInfo? Parse(ReadOnlyMemory<byte> file) =>
        ReadStrings(file) is var (version, modinfo) ? ParseModInfo(version, modinfo) : null;

    /// <summary>The Go version and the module info (sentinels removed) the binary embeds; null when it is not a Go binary.</summary>
    public static (string GoVersion, string ModInfo)? ReadStrings(ReadOnlyMemory<byte> file)
    {
        var data = ElfSections.Find(file, ".go.buildinfo") ?? file;
        var span = data.Span;
        var at = span.IndexOf(Magic);
        if (at < 0 || span.Length - at < HeaderSize) return null;
        var header = span.Slice(at, HeaderSize);
        if (header[14] is not (4 or 8)) throw new InvalidDataException("Go build info header has an invalid pointer size");
        string version, modinfo;
        if ((header[15] & 2) == 0)
        {
            (version, modinfo) = ReadPointerForm(file, header);
        }
        else
        {
            var rest = span[(at + HeaderSize)..];
            version = ReadString(ref rest);
            modinfo = ReadString(ref rest);
        }
        if (modinfo.Length >= (2 * SentinelSize) + 1 && modinfo[^(SentinelSize + 1)] == '\n')
            modinfo = modinfo[SentinelSize..^SentinelSize];
        return (version, modinfo);
    }

    public static GoBuildInfo ParseModInfo(string goVersion, string modinfo)
    {
        string? path = null;
        GoModule? main = null;
        var deps = new List<GoModule>();
        var settings = new List<KeyValuePair<string, string>>();
        foreach (var line in modinfo.Split('\n'))
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "path" when f.Length >= 2: path = f[1]; break;
                case "mod" when f.Length >= 3: main = new GoModule(f[1], f[2]); break;
                case "dep" when f.Length >= 3: deps.Add(new GoModule(f[1], f[2])); break;
                case "=>" when f.Length >= 3 && deps.Count > 0: deps[^1] = new GoModule(f[1], f[2]); break;
                case "build" when f.Length >= 2:
                    var eq = f[1].IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0) settings.Add(new(f[1][..eq], f[1][(eq + 1)..]));
                    break;
                default: break;
            }
        }
        return new GoBuildInfo(goVersion, path, main, deps, settings);
    }

    /// <summary>
    /// Before Go 1.18 the header holds, at offset 16, two pointers to Go string headers {data pointer, length} for the
    /// version and the module info; they are virtual addresses, resolved through the ELF section table.
    /// </summary>
    private static (string Version, string ModInfo) ReadPointerForm(ReadOnlyMemory<byte> file, ReadOnlySpan<byte> header)
    {
        if (!ElfSections.IsElf(file.Span)) throw new InvalidDataException("Go build info before Go 1.18 is only read from ELF files");
        var ptrSize = header[14];
        var bigEndian = (header[15] & 1) != 0;
        var versionAddress = Pointer(header[16..], ptrSize, bigEndian);
        var modAddress = Pointer(header[(16 + ptrSize)..], ptrSize, bigEndian);
        return (ReadGoString(file, versionAddress, ptrSize, bigEndian), ReadGoString(file, modAddress, ptrSize, bigEndian));
    }

    private static string ReadGoString(ReadOnlyMemory<byte> file, ulong address, int ptrSize, bool bigEndian)
    {
        var header = ElfSections.ReadVirtual(file, address, (ulong)(2 * ptrSize))
            ?? throw new InvalidDataException($"Go build info points to unmapped address 0x{address:x}");
        var data = Pointer(header.Span, ptrSize, bigEndian);
        var length = Pointer(header.Span[ptrSize..], ptrSize, bigEndian);
        if (length == 0) return "";
        var bytes = ElfSections.ReadVirtual(file, data, length)
            ?? throw new InvalidDataException($"Go build info string at unmapped address 0x{data:x}");
        return Encoding.UTF8.GetString(bytes.Span);
    }

    private static ulong Pointer(ReadOnlySpan<byte> b, int size, bool bigEndian) => (size, bigEndian) switch
    {
        (4, true) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b),
        (4, false) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b),
        (_, true) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b),
        _ => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b),
    };

    private static string ReadString(ref ReadOnlySpan<byte> s)
    {
        ulong length = 0;
        var shift = 0;
        var i = 0;
        while (true)
        {
            if (i >= s.Length || shift > 63) throw new InvalidDataException("Go build info string length is truncated");
            var b = s[i++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) break;
            shift += 7;
        }
        if (length > (ulong)(s.Length - i)) throw new InvalidDataException("Go build info string runs past the end of the file");
        var value = Encoding.UTF8.GetString(s.Slice(i, (int)length));
        s = s[(i + (int)length)..];
        return value;
    }
}

/// <summary>A module as the build info names it (after any <c>=&gt;</c> replacement).</summary>
internal sealed record GoModule(string Path, string Version);

/// <summary>What a Go binary says about its build: toolchain, main package path, main module, dependencies, settings.</summary>
internal sealed record GoBuildInfo(
    string GoVersion,
    string? Path,
    GoModule? Main,
    IReadOnlyList<GoModule> Dependencies,
    IReadOnlyList<KeyValuePair<string, string>> Settings);
