namespace Drydock.Scanning.Cache;

/// <summary>
/// A write-only stream that keeps what is written in 64 KiB chunks (below the large object heap) and hands them out in
/// order (<see cref="Chunks"/>): a layer record of many megabytes is built and stored without ever being one array,
/// nor copied into one (issue 18: the record of a layer of a million files was a growing buffer and then its copy).
/// </summary>
public sealed class RecordBufferStream : Stream
{
    private const int ChunkBytes = 64 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _inLast = ChunkBytes;
    private long _length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes written, in order: every chunk is full but the last.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Chunks
    {
        get
        {
            for (var i = 0; i < _chunks.Count; i++)
                yield return _chunks[i].AsMemory(0, i == _chunks.Count - 1 ? _inLast : ChunkBytes);
        }
    }

    /// <summary>One array of the bytes written (for small records and callers that want an array).</summary>
    public byte[] ToArray()
    {
        var all = new byte[_length];
        var at = 0;
        foreach (var chunk in Chunks)
        {
            chunk.Span.CopyTo(all.AsSpan(at));
            at += chunk.Length;
        }
        return all;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_inLast == ChunkBytes)
            {
                _chunks.Add(new byte[ChunkBytes]);
                _inLast = 0;
            }
            var n = Math.Min(buffer.Length, ChunkBytes - _inLast);
            buffer[..n].CopyTo(_chunks[^1].AsSpan(_inLast));
            _inLast += n;
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
