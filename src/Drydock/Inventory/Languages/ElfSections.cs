using System.Buffers.Binary;

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

    /// <summary>The content of the first section named <paramref name="name"/> (ASCII), or null.</summary>
    public static ReadOnlyMemory<byte>? Find(ReadOnlyMemory<byte> file, string name)
    {
        // Asked of every executable of every layer during the walk: the table is read in place, no section or name is
        // copied (issue 17).
        if (!Table.TryOpen(file, out var table)) return null;
        for (var i = 0; i < table.Count; i++)
        {
            if (table.Get(i, out var sectionName, out _, out var offset, out var size) && NameIs(sectionName, name))
                return Slice(file, offset, size);
        }
        return null;
    }

    /// <summary>
    /// <paramref name="length"/> bytes at virtual address <paramref name="address"/>, taken from the section that maps
    /// it (a loaded section's bytes sit at <c>sh_offset + (address - sh_addr)</c>); null when no section maps it.
    /// </summary>
    public static ReadOnlyMemory<byte>? ReadVirtual(ReadOnlyMemory<byte> file, ulong address, ulong length)
    {
        if (!Table.TryOpen(file, out var table)) return null;
        for (var i = 0; i < table.Count; i++)
        {
            if (table.Get(i, out _, out var start, out var offset, out var size) && start != 0 && address >= start && address - start + length <= size)
                return Slice(file, offset + (address - start), length);
        }
        return null;
    }

    /// <summary>True when the file is a big-endian ELF (EI_DATA = ELFDATA2MSB).</summary>
    public static bool IsBigEndian(ReadOnlySpan<byte> file) => IsElf(file) && file[5] == 2;

    // An ASCII section name against the wanted one, without encoding either.
    private static bool NameIs(ReadOnlySpan<byte> name, string wanted)
    {
        if (name.Length != wanted.Length) return false;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != wanted[i]) return false;
        }
        return true;
    }

    // The section header table, checked whole when opened (every header inside the file, the name table's section inside
    // the file); sections of type SHT_NOBITS and sections whose name lies past the name table are passed over.
    private readonly ref struct Table
    {
        private readonly ReadOnlySpan<byte> _file;
        private readonly ReadOnlySpan<byte> _names;
        private readonly bool _is64;
        private readonly bool _bigEndian;
        private readonly int _offset;
        private readonly int _entrySize;

        private Table(ReadOnlySpan<byte> file, ReadOnlySpan<byte> names, bool is64, bool bigEndian, int offset, int entrySize, int count)
        {
            _file = file;
            _names = names;
            _is64 = is64;
            _bigEndian = bigEndian;
            _offset = offset;
            _entrySize = entrySize;
            Count = count;
        }

        public int Count { get; }

        public static bool TryOpen(ReadOnlyMemory<byte> memory, out Table table)
        {
            table = default;
            var f = memory.Span;
            if (!IsElf(f)) return false;
            var is64 = f[4] == 2;
            var be = f[5] == 2;
            if (is64 && f.Length < 64) return false;
            var shoff = is64 ? U64(f, 0x28, be) : U32(f, 0x20, be);
            var shentsize = U16(f, is64 ? 0x3A : 0x2E, be);
            var shnum = U16(f, is64 ? 0x3C : 0x30, be);
            var shstrndx = U16(f, is64 ? 0x3E : 0x32, be);
            if (shoff == 0 || shnum == 0) return false;
            if (shentsize < (is64 ? 64 : 40) || shstrndx >= shnum || shoff > (ulong)f.Length || (ulong)shnum * shentsize > (ulong)f.Length - shoff)
                throw new InvalidDataException("ELF section header table lies outside the file");
            var unnamed = new Table(f, default, is64, be, (int)shoff, shentsize, shnum);
            var names = unnamed.Header(shstrndx);
            table = new Table(f, Slice(memory, names.Offset, names.Size).Span, is64, be, (int)shoff, shentsize, shnum);
            return true;
        }

        // Header i with its name, or false for a section passed over.
        public bool Get(int i, out ReadOnlySpan<byte> name, out ulong address, out ulong offset, out ulong size)
        {
            var h = Header(i);
            (address, offset, size) = (h.Address, h.Offset, h.Size);
            name = default;
            if (h.Type == SectionTypeNoBits || h.Name >= (ulong)_names.Length) return false;
            var n = _names[(int)h.Name..];
            var end = n.IndexOf((byte)0);
            name = end < 0 ? n : n[..end];
            return true;
        }

        private (uint Name, uint Type, ulong Address, ulong Offset, ulong Size) Header(int i)
        {
            var h = _file.Slice(_offset + (i * _entrySize), _entrySize);
            var be = _bigEndian;
            return _is64
                ? (U32(h, 0, be), U32(h, 4, be), U64(h, 0x10, be), U64(h, 0x18, be), U64(h, 0x20, be))
                : (U32(h, 0, be), U32(h, 4, be), U32(h, 0x0C, be), U32(h, 0x10, be), U32(h, 0x14, be));
        }
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
}
