using System.Buffers.Binary;
using System.Text.Unicode;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Reads one column's values back from its uncompressed stream (the inverse of <see cref="ColumnValueWriter"/>). The stream
/// is untrusted (its size was checked against its declared <paramref name="length"/> when it was decompressed): every length is checked against the bytes the stream declared before it is read, a value may not be
/// longer than <see cref="ColumnLayerReader.MaxValueBytes"/>, and a stream that ends early, or has bytes left once its
/// table's rows are read, is refused in one line naming <paramref name="what"/>.
/// </summary>
internal sealed class ColumnValueReader(Stream input, long length, string what) : IDisposable
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _consumed;
    private bool _hasPrevious;
    private long _previousInteger;
    private int _previousSize;

    /// <summary>The bytes of the values read so far, a repeated value counted again: what they cost once inserted.</summary>
    public long Produced { get; private set; }

    /// <summary>
    /// The next text value: <see cref="TextValue.Null"/>, <see cref="TextValue.Repeat"/> (the previous row's value again) or
    /// <see cref="TextValue.Value"/> with its UTF-8 bytes in <paramref name="value"/> (valid until the next read).
    /// </summary>
    public TextValue ReadText(out ReadOnlySpan<byte> value)
    {
        value = default;
        var tag = ReadVarint();
        switch (tag)
        {
            case 0:
                _hasPrevious = false;
                return TextValue.Null;
            case 1:
                if (!_hasPrevious) throw Bad("repeats a value where there is none");
                Produced += _previousSize;
                return TextValue.Repeat;
        }
        var size = tag - 2;
        if (size > (ulong)ColumnLayerReader.MaxValueBytes || size > (ulong)(length - _consumed))
            throw Bad($"declares a value of {size} bytes, more than the stream holds or than {ColumnLayerReader.MaxValueBytes}");
        var n = (int)size;
        if (Fill(n) && n <= _end - _start)
        {
            value = _buffer.AsSpan(_start, n);
            Advance(n);
        }
        else
        {
            var bytes = new byte[n];
            ReadExactly(bytes);
            value = bytes;
        }
        if (!Utf8.IsValid(value)) throw Bad("holds text that is not UTF-8");
        _hasPrevious = true;
        _previousSize = n;
        Produced += n;
        return TextValue.Value;
    }

    /// <summary>The next integer.</summary>
    public long ReadInteger()
    {
        var zigzag = ReadVarint();
        var delta = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        Produced += 8;
        return _previousInteger = unchecked(_previousInteger + delta);
    }

    /// <summary>The next real (null for NULL).</summary>
    public double? ReadReal()
    {
        var tag = ReadByte();
        if (tag == 0) return null;
        if (tag != 1) throw Bad($"has a real tagged {tag}");
        Produced += 8;
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
    }

    /// <summary>Refuses a stream with bytes left after the last row.</summary>
    public void CheckEnd()
    {
        if (_consumed != length) throw Bad($"has {length - _consumed} bytes more than its rows");
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1) break;
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Bad("has a varint longer than 64 bits");
    }

    private byte ReadByte()
    {
        if (!Fill(1)) throw Truncated();
        var b = _buffer[_start];
        Advance(1);
        return b;
    }

    private void ReadExactly(Span<byte> into)
    {
        while (into.Length > 0)
        {
            if (!Fill(1)) throw Truncated();
            var n = Math.Min(into.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(into);
            Advance(n);
            into = into[n..];
        }
    }

    // Buffers up to `want` bytes (at most the buffer's size), never reading past the declared length; false when none is left.
    private bool Fill(int want)
    {
        if (_end - _start >= Math.Min(want, _buffer.Length)) return true;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var buffered = _consumed + _end;
        while (_end < Math.Min(want, _buffer.Length) && buffered < length)
        {
            var read = input.Read(_buffer, _end, (int)Math.Min(_buffer.Length - _end, length - buffered));
            if (read == 0) break;
            _end += read;
            buffered += read;
        }
        return _end - _start > 0;
    }

    private void Advance(int n)
    {
        _start += n;
        _consumed += n;
    }

    private DrydockException Truncated() => Bad($"ends after {_consumed} of its {length} bytes");

    private DrydockException Bad(string problem) => new($"{what} {problem}");

    public void Dispose() => input.Dispose();
}

/// <summary>What a text column gave for a row.</summary>
internal enum TextValue
{
    Null,
    Repeat,
    Value,
}
