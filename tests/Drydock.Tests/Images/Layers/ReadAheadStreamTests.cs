using Drydock.Images.Layers;

namespace Drydock.Tests.Images.Layers;

public sealed class ReadAheadStreamTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(ReadAheadStream.ChunkBytes, 4096)]
    [InlineData(ReadAheadStream.ChunkBytes * ReadAheadStream.Chunks * 3 + 17, 100_000)]
    public void Read_AnyLengthAndReadSize_SameBytesInOrder(int length, int readSize)
    {
        // Given: more data than the chunks hold at once, read through a source that returns short reads
        var data = new byte[length];
        new Random(length).NextBytes(data);

        // When
        using var stream = new ReadAheadStream(new ShortReads(data, 1000));
        var copy = ReadAll(stream, readSize);

        // Then
        Assert.Equal(data, copy);
        Assert.Equal(0, stream.Read(new byte[10]));
    }

    [Fact]
    public void Read_InnerStreamFails_SameExceptionReachesTheReaderAfterTheBytesBeforeIt()
    {
        // Given: a source that fails after two chunks' worth of bytes
        var data = new byte[ReadAheadStream.ChunkBytes * 2];
        var failing = new FailingAfter(data, new InvalidDataException("corrupt gzip data: checksum mismatch"));

        // When
        using var stream = new ReadAheadStream(failing);
        var buffer = new byte[ReadAheadStream.ChunkBytes];
        var before = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) + stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var error = Assert.Throws<InvalidDataException>(() => stream.Read(buffer));

        // Then: every byte before the failure, then the failure itself, again on the next read
        Assert.Equal(data.Length, before);
        Assert.Equal("corrupt gzip data: checksum mismatch", error.Message);
        Assert.Throws<InvalidDataException>(() => stream.Read(buffer));
    }

    [Fact]
    public void Dispose_ReaderStopsEarly_ThreadStopsAndInnerStreamIsDisposed()
    {
        // Given: an endless source, read only a little
        var endless = new Endless();
        var stream = new ReadAheadStream(endless);
        stream.ReadExactly(new byte[10]);

        // When
        stream.Dispose();

        // Then: the read-ahead stopped within its fixed number of chunks, and the source was closed
        Assert.True(endless.Disposed);
        Assert.InRange(endless.Produced, 10, (long)ReadAheadStream.ChunkBytes * (ReadAheadStream.Chunks + 1));
    }

    private static byte[] ReadAll(Stream stream, int readSize)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer)) > 0) copy.Write(buffer, 0, n);
        return copy.ToArray();
    }

    private sealed class ShortReads(byte[] data, int most) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, most)]);
    }

    private sealed class FailingAfter(byte[] data, Exception error) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            return n > 0 ? n : throw error;
        }
    }

    private sealed class Endless : MemoryStream
    {
        private long _produced;

        public long Produced => Interlocked.Read(ref _produced);

        public bool Disposed { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            buffer.Fill(7);
            Interlocked.Add(ref _produced, buffer.Length);
            return buffer.Length;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
