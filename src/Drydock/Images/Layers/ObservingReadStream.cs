namespace Drydock.Images.Layers;

/// <summary>
/// Passes reads through to an inner stream and shows each chunk read to <see cref="Observe"/> (counting, bounding,
/// hashing); disposing it disposes the inner stream, so a chain of them is closed from its outer end.
/// </summary>
internal abstract class ObservingReadStream(Stream inner) : ReadOnlyStreamBase
{
    /// <summary>Called after every read with the bytes it returned (empty at the end of the stream).</summary>
    protected abstract void Observe(ReadOnlySpan<byte> chunk);

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Observe(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..n]);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
