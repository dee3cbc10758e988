namespace Drydock.Images.Layers;

/// <summary>
/// Counts the bytes read through it (the compressed side of a layer, for the ratio limit and progress) and calls
/// <c>onProgress</c> at most once per <see cref="ReportEvery"/> bytes.
/// </summary>
internal sealed class CountingReadStream(Stream inner, Action<long>? onProgress = null) : ReadOnlyStreamBase
{
    private const long ReportEvery = 4L * 1024 * 1024;
    private long _nextReport = ReportEvery;

    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Advance(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Advance(n);
        return n;
    }

    private void Advance(int n)
    {
        BytesRead += n;
        if (onProgress is not null && (BytesRead >= _nextReport || n == 0))
        {
            _nextReport = BytesRead + ReportEvery;
            onProgress(BytesRead);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
