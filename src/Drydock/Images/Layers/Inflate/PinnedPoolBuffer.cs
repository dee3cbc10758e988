using System.Runtime.InteropServices;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// An input buffer for a native decoder: rented from <see cref="WalkBufferPool"/> (so each layer's decoder reuses the
/// last one's instead of leaving a new array for the collector, and the layer stage's end can let them all go) and
/// pinned while the decoder holds pointers into it; disposing unpins it and returns it. <see cref="Pointer"/> is
/// stable between calls. The length is at most <see cref="WalkBufferPool.BufferBytes"/>.
/// </summary>
internal sealed unsafe class PinnedPoolBuffer : IDisposable
{
    private byte[]? _array;
    private GCHandle _pin;

    public PinnedPoolBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, WalkBufferPool.BufferBytes);
        Length = length;
        _array = WalkBufferPool.Shared.Rent();
        _pin = GCHandle.Alloc(_array, GCHandleType.Pinned);
        Pointer = (byte*)_pin.AddrOfPinnedObject();
    }

    /// <summary>The usable length (the rented array may be longer).</summary>
    public int Length { get; }

    /// <summary>The first byte; valid until <see cref="Dispose"/>.</summary>
    public byte* Pointer { get; }

    /// <summary>The usable bytes.</summary>
    public Span<byte> Span => _array is { } array ? array.AsSpan(0, Length) : throw new ObjectDisposedException(nameof(PinnedPoolBuffer));

    public void Dispose()
    {
        if (_array is not { } array) return;
        _array = null;
        _pin.Free();
        WalkBufferPool.Shared.Return(array);
    }
}
