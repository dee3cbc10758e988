using System.Buffers.Binary;
using System.Text;

namespace Drydock.Inventory.Languages;

/// <summary>
/// Reads the section header table of an ELF file (System V ABI, "Sections": the ELF header gives the table's offset
/// <c>e_shoff</c>, entry size and count, and <c>e_shstrndx</c>, the section holding the section names) to find a
/// named section or the file bytes behind a virtual address. Handles 32- and 64-bit files of either byte order.
/// Non-ELF data has no sections; a header pointing outside the file is damage and throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class ElfSections
{
    private const uint SectionTypeNoBits = 8; // SHT_NOBITS (.bss): occupies no file space

    public static bool IsElf(ReadOnlySpan<byte> file) =>
        file.Length >= 52 && file[0] == 0x7F && file[1] == (byte)'E' && file[2] == (byte)'L' && file[3] == (byte)'F';

    /// <summary>The content of the first section named <paramref name="name"/>, or null.</summary>
    public static ReadOnlyMemory<byte>? Find(ReadOnlyMemory<byte> file, string name)
    {
        var wanted = Encoding.ASCII.GetBytes(name);
        foreach (var s in Read(file))
        {
            if (s.Name.AsSpan().SequenceEqual(wanted)) return Slice(file, s.Offset, s.Size);
        }
        return null;
    }

    /// <summary>
    /// <paramref name="length"/> bytes at virtual address <paramref name="address"/>, taken from the section that maps
    /// it (a loaded section's bytes sit at <c>sh_offset + (address - sh_addr)</c>); null when no section maps it.
    /// </summary>
    public static ReadOnlyMemory<byte>? ReadVirtual(ReadOnlyMemory<byte> file, ulong address, ulong length)
    {
        foreach (var s in Read(file))
        {
            if (s.Address != 0 && address >= s.Address && address - s.Address + length <= s.Size)
                return Slice(file, s.Offset + (address - s.Address), length);
        }
        return null;
    }

    /// <summary>True when the file is a big-endian ELF (EI_DATA = ELFDATA2MSB).</summary>
    public static bool IsBigEndian(ReadOnlySpan<byte> file) => IsElf(file) && file[5] == 2;

    private static List<Section> Read(ReadOnlyMemory<byte> file)
    {
        var f = file.Span;
        var sections = new List<Section>();
        if (!IsElf(f)) return sections;
        var is64 = f[4] == 2;
        var be = f[5] == 2;
        if (is64 && f.Length < 64) return sections;
        var shoff = is64 ? U64(f, 0x28, be) : U32(f, 0x20, be);
        var shentsize = U16(f, is64 ? 0x3A : 0x2E, be);
        var shnum = U16(f, is64 ? 0x3C : 0x30, be);
        var shstrndx = U16(f, is64 ? 0x3E : 0x32, be);
        if (shoff == 0 || shnum == 0) return sections;
        if (shentsize < (is64 ? 64 : 40) || shstrndx >= shnum || shoff > (ulong)f.Length || (ulong)shnum * shentsize > (ulong)f.Length - shoff)
            throw new InvalidDataException("ELF section header table lies outside the file");

        var raw = new List<(uint Name, uint Type, ulong Address, ulong Offset, ulong Size)>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var h = f.Slice((int)shoff + (i * shentsize), shentsize);
            raw.Add(is64
                ? (U32(h, 0, be), U32(h, 4, be), U64(h, 0x10, be), U64(h, 0x18, be), U64(h, 0x20, be))
                : (U32(h, 0, be), U32(h, 4, be), U32(h, 0x0C, be), U32(h, 0x10, be), U32(h, 0x14, be)));
        }
        var strtab = Slice(file, raw[shstrndx].Offset, raw[shstrndx].Size).Span;
        foreach (var s in raw)
        {
            if (s.Type == SectionTypeNoBits || s.Name >= (ulong)strtab.Length) continue;
            var n = strtab[(int)s.Name..];
            var end = n.IndexOf((byte)0);
            sections.Add(new Section(end < 0 ? n.ToArray() : n[..end].ToArray(), s.Address, s.Offset, s.Size));
        }
        return sections;
    }

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> file, ulong offset, ulong size) =>
        offset <= (ulong)file.Length && size <= (ulong)file.Length - offset
            ? file.Slice((int)offset, (int)size)
            : throw new InvalidDataException("ELF section lies outside the file");

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

    private static ulong U64(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt64BigEndian(b[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);

    private sealed record Section(byte[] Name, ulong Address, ulong Offset, ulong Size);
}
