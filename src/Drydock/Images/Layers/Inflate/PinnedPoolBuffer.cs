namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// An input buffer for a native decoder: rented from <see cref="WalkBufferPool"/> (so each layer's decoder reuses the
/// last one's, and the layer stage's end can let them all go). Its memory is native and never moves, so
/// <see cref="Pointer"/> is stable between calls; disposing returns it. The length is at most
/// <see cref="WalkBufferPool.BufferBytes"/>.
/// </summary>
internal sealed unsafe class PinnedPoolBuffer : IDisposable
{
    private WalkBuffer? _buffer;

    public PinnedPoolBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, WalkBufferPool.BufferBytes);
        Length = length;
        _buffer = WalkBufferPool.Shared.Rent();
        Pointer = _buffer.Pointer;
    }

    /// <summary>The usable length (the rented buffer may be longer).</summary>
    public int Length { get; }

    /// <summary>The first byte; valid until <see cref="Dispose"/>.</summary>
    public byte* Pointer { get; }

    /// <summary>The usable bytes.</summary>
    public Span<byte> Span => _buffer is { } buffer ? buffer.Span[..Length] : throw new ObjectDisposedException(nameof(PinnedPoolBuffer));

    public void Dispose()
    {
        if (_buffer is not { } buffer) return;
        _buffer = null;
        WalkBufferPool.Shared.Return(buffer);
    }
}
