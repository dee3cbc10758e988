using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Writes one column's values, row after row, into its uncompressed stream (<see cref="ColumnKind"/> says how; docs/db-artifact.md):
/// text as a length tag and UTF-8 bytes with a "same as the row before" tag, integers as zigzag varint deltas (the sorted
/// <c>seq</c> of <c>affected</c> costs one byte a row before compression), reals as eight bytes.
/// </summary>
internal sealed class ColumnValueWriter(Stream output, ColumnKind kind)
{
    private readonly byte[] _scratch = new byte[16];
    private string? _previousText;
    private long _previousInteger;

    public ColumnKind Kind => kind;

    /// <summary>A NULL (text and real columns; an integer column has none: the caller refuses one).</summary>
    public void WriteNull()
    {
        output.WriteByte(0);
        _previousText = null;
    }

    public void WriteText(string value)
    {
        if (_previousText is not null && string.Equals(value, _previousText, StringComparison.Ordinal))
        {
            output.WriteByte(1);
            return;
        }
        _previousText = value;
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)length + 2);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encoding.UTF8.GetBytes(value, bytes);
            output.Write(bytes, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public void WriteInteger(long value)
    {
        var delta = unchecked(value - _previousInteger);
        _previousInteger = value;
        WriteVarint(unchecked((ulong)((delta << 1) ^ (delta >> 63))));
    }

    public void WriteReal(double value)
    {
        _scratch[0] = 1;
        BinaryPrimitives.WriteDoubleLittleEndian(_scratch.AsSpan(1), value);
        output.Write(_scratch, 0, 9);
    }

    /// <summary>An unsigned LEB128 varint: seven bits a byte, low bits first, the high bit set on every byte but the last.</summary>
    public static int EncodeVarint(ulong value, Span<byte> into)
    {
        var n = 0;
        while (value >= 0x80)
        {
            into[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        into[n++] = (byte)value;
        return n;
    }

    private void WriteVarint(ulong value) => output.Write(_scratch, 0, EncodeVarint(value, _scratch));
}
