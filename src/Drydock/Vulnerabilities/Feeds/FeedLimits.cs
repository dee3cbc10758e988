namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Per-record bounds of the feed parsers (docs/limits.md, "Feeds and bundles"): a feed is downloaded or imported
/// from a bundle and may be hostile, so one record may not cost more than these; a record past one is skipped with
/// a warning. Real records are far below them (the largest OSV records are a few hundred KiB).
/// </summary>
internal static class FeedLimits
{
    /// <summary>Largest JSON text of one record: an OSV file or zip entry, an NVD CVE, a Debian tracker CVE, a secdb package, an Ubuntu tracker file.</summary>
    public const long MaxRecordBytes = 16L << 20;

    /// <summary>Largest Red Hat CSAF VEX document (one CVE, every product it names; the largest real ones are a few MiB).</summary>
    public const long MaxDocumentBytes = 64L << 20;

    /// <summary>Deepest nesting of arrays and objects inside one streamed record.</summary>
    public const int MaxNesting = 64;

    /// <summary>Longest string (or property name) inside one streamed record, in UTF-8 bytes as written.</summary>
    public const int MaxStringBytes = 1 << 20;

    /// <summary>Most items of one array or object inside one streamed record (references, metrics, configurations…).</summary>
    public const int MaxItems = 100_000;

    /// <summary>Most <c>affected[]</c> entries of one record.</summary>
    public const int MaxAffected = 10_000;

    /// <summary>Most <c>ranges[]</c> of one affected entry, and most <c>events[]</c> of one range.</summary>
    public const int MaxRangesOrEvents = 10_000;

    /// <summary>Most affected-package rows one record may yield.</summary>
    public const int MaxRowsPerRecord = 100_000;

    /// <summary>Stream over one record's bytes that throws <see cref="FeedRecordException"/> past <see cref="MaxRecordBytes"/>.</summary>
    public static Stream Bounded(Stream inner, string what) => new BoundedRecordStream(inner, MaxRecordBytes, what);

    /// <summary>As <see cref="Bounded(Stream, string)"/> with another bound.</summary>
    public static Stream Bounded(Stream inner, string what, long max) => new BoundedRecordStream(inner, max, what);

    private sealed class BoundedRecordStream(Stream inner, long max, string what) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > max) throw new FeedRecordException($"{what}: over {max >> 20} MiB of JSON; record skipped");
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
