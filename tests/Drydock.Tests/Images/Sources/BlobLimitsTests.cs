using Drydock.Images.Sources;

namespace Drydock.Tests.Images.Sources;

public class BlobLimitsTests
{
    private static byte[] Bytes(int n) => Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(580)]
    [InlineData(200_000)] // more than one pooled chunk
    public void ReadAll_SeekableAndNot_TheWholeStream(int size)
    {
        // Given
        var bytes = Bytes(size);

        // When
        var seekable = BlobLimits.ReadAll(new MemoryStream(bytes), BlobLimits.Config, "config");
        var streamed = BlobLimits.ReadAll(new ReportedLengthStream(bytes, reportedLength: null), BlobLimits.Config, "config");

        // Then
        Assert.Equal(bytes, seekable);
        Assert.Equal(bytes, streamed);
    }

    [Fact]
    public void ReadAll_SeekableOverTheLimit_RefusedBeforeReadingWithItsSize()
    {
        // Given
        var stream = new ReportedLengthStream(Bytes(5000), reportedLength: 5000);

        // When
        var e = Assert.Throws<DrydockException>(() => BlobLimits.ReadAll(stream, 4096, "manifest"));

        // Then
        Assert.Equal("manifest is 4.9 KiB, over the 4 KiB limit", e.Message);
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public void ReadAll_NotSeekableOverTheLimit_Refused()
    {
        // When
        var e = Assert.Throws<DrydockException>(() => BlobLimits.ReadAll(new ReportedLengthStream(Bytes(200_000), null), 100_000, "config"));

        // Then
        Assert.Equal("config is over the 97.7 KiB limit", e.Message);
    }

    [Fact]
    public void ReadAll_StreamLongerThanItsReportedLength_ReadOnUnderTheLimit()
    {
        // Given: a file that grew between the length and the read
        var bytes = Bytes(3000);

        // When
        var read = BlobLimits.ReadAll(new ReportedLengthStream(bytes, reportedLength: 1000), 4096, "config");
        var e = Assert.Throws<DrydockException>(() => BlobLimits.ReadAll(new ReportedLengthStream(bytes, reportedLength: 1000), 2000, "config"));

        // Then
        Assert.Equal(bytes, read);
        Assert.Equal("config is over the 2 KiB limit", e.Message);
    }

    [Fact]
    public void ReadAll_StreamShorterThanItsReportedLength_WhatItHeld()
    {
        // Given: a file truncated between the length and the read
        var bytes = Bytes(700);

        // When
        var read = BlobLimits.ReadAll(new ReportedLengthStream(bytes, reportedLength: 1000), 4096, "config");

        // Then
        Assert.Equal(bytes, read);
    }

    /// <summary>A stream over <c>bytes</c> that reports <c>reportedLength</c> (null: not seekable), read a few bytes at a time.</summary>
    private sealed class ReportedLengthStream(byte[] bytes, long? reportedLength) : Stream
    {
        private int _position;

        public long BytesRead => _position;

        public override bool CanRead => true;
        public override bool CanSeek => reportedLength is not null;
        public override bool CanWrite => false;
        public override long Length => reportedLength ?? throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 333), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
