using System.Buffers.Binary;
using System.Text;

namespace Drydock.Tests.Inventory.Languages;

/// <summary>
/// Builds a minimal ELF file (System V ABI): the ELF header, the given sections' bytes, a <c>.shstrtab</c> and the
/// section header table (null section first). Enough for section lookup; there are no program headers. Each data
/// section is mapped at <see cref="BaseAddress"/> + its file offset; the first sits at offset 64 (64-bit) or 64 (32-bit,
/// the 52-byte header padded to 16).
/// </summary>
internal static class ElfBuilder
{
    public const long BaseAddress = 0x400000;

    public static byte[] Build(bool is64, bool bigEndian, params (string Name, byte[] Data)[] sections)
    {
        var ehsize = is64 ? 64 : 52;
        var shentsize = is64 ? 64 : 40;
        var body = new MemoryStream();
        body.Write(new byte[ehsize]);
        var names = new MemoryStream();
        names.WriteByte(0);
        var headers = new List<(uint Name, uint Type, long Offset, long Size)> { (0, 0, 0, 0) };
        foreach (var (name, data) in sections.Append((".shstrtab", Array.Empty<byte>())))
        {
            var nameOffset = (uint)names.Length;
            names.Write(Encoding.ASCII.GetBytes(name + "\0"));
            var content = name == ".shstrtab" ? names.ToArray() : data;
            while (body.Length % 16 != 0) body.WriteByte(0);
            headers.Add((nameOffset, name == ".shstrtab" ? 3u : 1u, body.Length, content.Length));
            body.Write(content);
        }
        while (body.Length % 8 != 0) body.WriteByte(0);
        var shoff = body.Length;
        var file = new byte[shoff + (headers.Count * shentsize)];
        body.ToArray().CopyTo(file, 0);

        var h = file.AsSpan();
        ((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']).CopyTo(h);
        h[4] = (byte)(is64 ? 2 : 1);
        h[5] = (byte)(bigEndian ? 2 : 1);
        h[6] = 1;
        Put(h, 0x10, 2, 2, bigEndian); // ET_EXEC
        Put(h, is64 ? 0x28 : 0x20, is64 ? 8 : 4, shoff, bigEndian);
        Put(h, is64 ? 0x3A : 0x2E, 2, shentsize, bigEndian);
        Put(h, is64 ? 0x3C : 0x30, 2, headers.Count, bigEndian);
        Put(h, is64 ? 0x3E : 0x32, 2, headers.Count - 1, bigEndian);
        for (var i = 0; i < headers.Count; i++)
        {
            var s = h.Slice((int)shoff + (i * shentsize), shentsize);
            Put(s, 0, 4, headers[i].Name, bigEndian);
            Put(s, 4, 4, headers[i].Type, bigEndian);
            if (headers[i].Type == 1) Put(s, is64 ? 0x10 : 0x0C, is64 ? 8 : 4, BaseAddress + headers[i].Offset, bigEndian);
            Put(s, is64 ? 0x18 : 0x10, is64 ? 8 : 4, headers[i].Offset, bigEndian);
            Put(s, is64 ? 0x20 : 0x14, is64 ? 8 : 4, headers[i].Size, bigEndian);
        }
        return file;
    }

    private static void Put(Span<byte> b, int at, int width, long value, bool bigEndian)
    {
        switch (width, bigEndian)
        {
            case (2, true): BinaryPrimitives.WriteUInt16BigEndian(b[at..], (ushort)value); break;
            case (2, false): BinaryPrimitives.WriteUInt16LittleEndian(b[at..], (ushort)value); break;
            case (4, true): BinaryPrimitives.WriteUInt32BigEndian(b[at..], (uint)value); break;
            case (4, false): BinaryPrimitives.WriteUInt32LittleEndian(b[at..], (uint)value); break;
            case (8, true): BinaryPrimitives.WriteUInt64BigEndian(b[at..], (ulong)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(b[at..], (ulong)value); break;
        }
    }
}
