using System.Buffers.Binary;
using System.Text;

namespace Drydock.Inventory.Languages;

/// <summary>
/// Finds a named section in an ELF file (System V ABI, "Sections": the ELF header gives the section header table's
/// offset <c>e_shoff</c>, entry size and count, and <c>e_shstrndx</c>, the section holding the section names).
/// Handles 32- and 64-bit files of either byte order. Returns null for non-ELF data or a missing section; a header
/// pointing outside the file is damage and throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class ElfSections
{
    private const uint SectionTypeNoBits = 8; // SHT_NOBITS (.bss): occupies no file space

    public static bool IsElf(ReadOnlySpan<byte> file) =>
        file.Length >= 52 && file[0] == 0x7F && file[1] == (byte)'E' && file[2] == (byte)'L' && file[3] == (byte)'F';

    public static ReadOnlyMemory<byte>? Find(ReadOnlyMemory<byte> file, string name)
    {
        var f = file.Span;
        if (!IsElf(f)) return null;
        var is64 = f[4] == 2;
        var bigEndian = f[5] == 2;
        if (is64 && f.Length < 64) return null;
        var shoff = is64 ? U64(f, 0x28, bigEndian) : U32(f, 0x20, bigEndian);
        var shentsize = U16(f, is64 ? 0x3A : 0x2E, bigEndian);
        var shnum = U16(f, is64 ? 0x3C : 0x30, bigEndian);
        var shstrndx = U16(f, is64 ? 0x3E : 0x32, bigEndian);
        if (shoff == 0 || shnum == 0) return null;
        if (shentsize < (is64 ? 64 : 40) || shstrndx >= shnum || shoff + ((ulong)shnum * shentsize) > (ulong)f.Length)
            throw new InvalidDataException("ELF section header table lies outside the file");

        (ulong Offset, ulong Size, uint Type, uint Name) Header(int i)
        {
            var h = file.Span.Slice(checked((int)shoff + (i * shentsize)), shentsize);
            return is64
                ? (U64(h, 0x18, bigEndian), U64(h, 0x20, bigEndian), U32(h, 4, bigEndian), U32(h, 0, bigEndian))
                : (U32(h, 0x10, bigEndian), U32(h, 0x14, bigEndian), U32(h, 4, bigEndian), U32(h, 0, bigEndian));
        }

        var names = Header(shstrndx);
        var strtab = Slice(file, names.Offset, names.Size);
        var wanted = Encoding.ASCII.GetBytes(name);
        for (var i = 0; i < shnum; i++)
        {
            var s = Header(i);
            if (s.Type == SectionTypeNoBits || s.Name >= (ulong)strtab.Length) continue;
            var n = strtab.Span[(int)s.Name..];
            var end = n.IndexOf((byte)0);
            if (end >= 0 && n[..end].SequenceEqual(wanted)) return Slice(file, s.Offset, s.Size);
        }
        return null;
    }

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> file, ulong offset, ulong size) =>
        offset + size <= (ulong)file.Length && offset <= (ulong)file.Length
            ? file.Slice((int)offset, (int)size)
            : throw new InvalidDataException("ELF section lies outside the file");

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

    private static ulong U64(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt64BigEndian(b[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
}
