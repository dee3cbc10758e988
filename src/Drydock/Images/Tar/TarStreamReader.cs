using System.Formats.Tar;
using System.Text;

namespace Drydock.Images.Tar;

/// <summary>
/// A forward-only reader of untrusted tar streams (POSIX.1-2001 pax, ustar, GNU and v7 headers). Unlike
/// <see cref="TarReader"/> it verifies every header's checksum (as GNU tar and Docker do), bounds every numeric field
/// to the range its consumer can hold, and bounds names and extended records (<see cref="TarLimits"/>). Any violation,
/// and a stream that ends inside a header or an entry's data, is a <see cref="DrydockException"/> naming
/// <c>source</c>, the entry and the field. Seekable streams skip unread data by seeking, <see cref="IForwardSkip"/> streams
/// by passing over it.
/// </summary>
internal sealed class TarStreamReader(Stream stream, string source)
{
    private const int Block = 512;
    private readonly byte[] _header = new byte[Block];
    private long _position;
    private long _remaining;
    private int _padding;
    private byte[]? _skipBuffer;
    private bool _ended;
    private string? _entry;

    /// <summary>What errors call the stream (a layer's name, an archive's path).</summary>
    public string Source => source;

    /// <summary>The current entry's data not yet read.</summary>
    public long Remaining => _remaining;

    /// <summary>The next entry (PAX 'x', 'g' and GNU 'L', 'K' records applied and not returned), or null at the end.</summary>
    public TarHeader? Next()
    {
        SkipRest();
        _entry = null;
        var overrides = new TarOverrides();
        while (true)
        {
            if (!ReadHeaderBlock())
                return overrides.IsEmpty ? null : throw Truncated("after an extended header, before its entry");
            var header = TarHeaderParser.Parse(_header, _position - Block, source, overrides);
            var dataSize = HasData(header.Type) ? header.Size : 0;
            _remaining = dataSize;
            _padding = (int)((Block - dataSize % Block) % Block);
            switch (header.Type)
            {
                case TarEntryType.ExtendedAttributes:
                    TarPaxRecords.Apply(ReadRecord(header, TarLimits.MaxPaxBytes, "pax header size"), header.Name, source, overrides);
                    continue;
                case TarEntryType.GlobalExtendedAttributes:
                    ReadRecord(header, TarLimits.MaxPaxBytes, "pax global header size");
                    continue;
                case TarEntryType.LongPath:
                    overrides.Path = NulTerminated(ReadRecord(header, TarLimits.MaxNameBytes + 1, "GNU long name size"));
                    continue;
                case TarEntryType.LongLink:
                    overrides.LinkPath = NulTerminated(ReadRecord(header, TarLimits.MaxNameBytes + 1, "GNU long link size"));
                    continue;
            }
            _entry = header.Name;
            return header.Size == dataSize ? header : header with { Size = dataSize };
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length of the current entry's data; 0 at its end.</summary>
    public int Read(Span<byte> buffer)
    {
        if (_remaining == 0 || buffer.Length == 0) return 0;
        var n = stream.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        if (n == 0) throw Truncated(InsideData);
        _remaining -= n;
        _position += n;
        return n;
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length of the current entry's data.</summary>
    public void ReadExactly(Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = Read(buffer);
            if (n == 0) throw Truncated(InsideData);
            buffer = buffer[n..];
        }
    }

    // Header-only types carry no data whatever their size field says (POSIX ustar; GNU tar and Go's archive/tar agree).
    private static bool HasData(TarEntryType type) => type is not (TarEntryType.HardLink or TarEntryType.SymbolicLink
        or TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Directory or TarEntryType.Fifo);

    private byte[] ReadRecord(TarHeader header, int max, string field)
    {
        if (_remaining > max)
            throw new DrydockException($"{source}: entry '{TarHeaderParser.Shorten(header.Name)}': {field} {_remaining} is over the {max}-byte bound");
        var data = new byte[_remaining];
        ReadExactly(data);
        SkipRest();
        return data;
    }

    private static string NulTerminated(byte[] data)
    {
        var end = Array.IndexOf(data, (byte)0);
        return Encoding.UTF8.GetString(data, 0, end < 0 ? data.Length : end);
    }

    private bool ReadHeaderBlock()
    {
        if (_ended) return false;
        var read = stream.ReadAtLeast(_header, Block, throwOnEndOfStream: false);
        _position += read;
        if (read == 0) return false; // no end-of-archive marker: tolerated, as Docker and TarReader do
        if (read < Block) throw Truncated("inside a header");
        return _header.AsSpan().ContainsAnyExcept((byte)0); // a zero block marks the end of the archive
    }

    // The rest of the current entry's data must be there; its padding to the next 512-byte boundary may be missing at
    // the very end of a stream (then the archive simply ends).
    private void SkipRest()
    {
        var data = _remaining;
        var padding = _padding;
        _remaining = 0;
        _padding = 0;
        if (Skip(data) < data) throw Truncated(InsideData);
        if (Skip(padding) < padding) _ended = true;
    }

    private long Skip(long count)
    {
        if (count == 0) return 0;
        if (stream is IForwardSkip forward)
        {
            var passed = forward.Skip(count);
            _position += passed;
            return passed;
        }
        if (stream.CanSeek)
        {
            var n = Math.Min(count, Math.Max(0, stream.Length - stream.Position));
            stream.Seek(n, SeekOrigin.Current);
            _position += n;
            return n;
        }
        _skipBuffer ??= new byte[64 * 1024];
        var skipped = 0L;
        while (skipped < count)
        {
            var n = stream.Read(_skipBuffer, 0, (int)Math.Min(_skipBuffer.Length, count - skipped));
            if (n == 0) break;
            skipped += n;
            _position += n;
        }
        return skipped;
    }

    private string InsideData => _entry is null ? "inside an entry's data" : $"inside entry '{TarHeaderParser.Shorten(_entry)}'";

    private DrydockException Truncated(string where) =>
        new($"{source}: truncated or corrupt tar: the stream ends {where} (offset {_position})");
}
