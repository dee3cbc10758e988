using System.Security.Cryptography;
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

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ReadAheadStream.ChunkBytes * ReadAheadStream.Chunks * 2 + 4093)]
    public void Skip_MixedWithReads_HashHasEveryByteOnceInOrderAndReadsSeeTheRightBytes(int length)
    {
        // Given: a tar-like pattern over several chunks: 512-byte reads, skips across chunk boundaries, then a drain
        var data = new byte[length];
        new Random(length + 1).NextBytes(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new ReadAheadStream(new ShortReads(data, 7000), hash);
        var position = 0L;
        var random = new Random(length);

        // When / Then: every read returns the bytes at its position
        while (position < length)
        {
            var header = new byte[Math.Min(512, length - (int)position)];
            stream.ReadExactly(header);
            Assert.Equal(data.AsSpan((int)position, header.Length).ToArray(), header);
            position += header.Length;
            var skip = random.Next(0, ReadAheadStream.ChunkBytes + 1000);
            position += stream.Skip(skip);
        }
        var drained = stream.Skip(long.MaxValue);

        // Then: the end was reached exactly, and the hash covers every byte, read or skipped, once
        Assert.Equal(0, drained);
        Assert.Equal(length, position);
        Assert.Equal(SHA256.HashData(data), hash.GetHashAndReset());
        Assert.Equal(0, stream.Read(new byte[10]));
    }

    [Fact]
    public void Skip_InnerStreamFails_ExceptionReachesTheSkip()
    {
        // Given
        var failing = new FailingAfter(new byte[ReadAheadStream.ChunkBytes + 5], new InvalidDataException("corrupt zstd data"));
        using var stream = new ReadAheadStream(failing);

        // When
        var error = Assert.Throws<InvalidDataException>(() => stream.Skip(long.MaxValue));

        // Then
        Assert.Equal("corrupt zstd data", error.Message);
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
