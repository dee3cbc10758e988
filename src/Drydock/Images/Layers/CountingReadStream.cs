namespace Drydock.Images.Layers;

/// <summary>
/// Counts the bytes read through it (the compressed side of a layer, for the ratio limit and progress) and calls
/// <c>onProgress</c> at most once per 4 MiB, and once at the end.
/// </summary>
internal sealed class CountingReadStream(Stream inner, Action<long>? onProgress = null) : ObservingReadStream(inner)
{
    private const long ReportEvery = 4L * 1024 * 1024;
    private long _nextReport = ReportEvery;

    public long BytesRead { get; private set; }

    protected override void Observe(ReadOnlySpan<byte> chunk)
    {
        BytesRead += chunk.Length;
        if (onProgress is not null && (BytesRead >= _nextReport || chunk.IsEmpty))
        {
            _nextReport = BytesRead + ReportEvery;
            onProgress(BytesRead);
        }
    }
}
