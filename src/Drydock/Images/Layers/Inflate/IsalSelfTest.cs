using System.IO.Compression;
using System.Text;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// Decodes two small gzip members made by .NET's own encoder through a freshly loaded ISA-L and compares the bytes:
/// a library whose <c>inflate_state</c> layout differs from the offsets <see cref="IsalLibrary"/> uses fails here,
/// before any layer depends on it.
/// </summary>
internal static class IsalSelfTest
{
    public static bool Passes(IsalLibrary isal)
    {
        // 256 lines (~8 KB: one dynamic-Huffman block from .NET's encoder), made without LINQ: this runs in every
        // process that opens a gzip layer, before the first layer is read (issue 17 counts its start-up).
        var text = new StringBuilder(256 * 40);
        for (var i = 0; i < 256; i++) text.Append("line ").Append(i % 97).Append(" of the isa-l self-test\n");
        return Passes(isal, Encoding.ASCII.GetBytes(text.ToString()));
    }

    private static bool Passes(IsalLibrary isal, byte[] text)
    {
        var member = Compress(text);
        try
        {
            using var stream = new IsalGzipStream(isal, new MemoryStream([.. member, .. member]));
            using var decoded = new MemoryStream();
            stream.CopyTo(decoded);
            return decoded.ToArray().AsSpan().SequenceEqual([.. text, .. text]);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static byte[] Compress(byte[] data)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return packed.ToArray();
    }
}
