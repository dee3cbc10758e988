namespace Drydock.Images.Layers;

/// <summary>
/// The 256 KiB buffers of layer walks (read-ahead chunks, a native decoder's input): handed from one walk to the next
/// like <see cref="System.Buffers.ArrayPool{T}.Shared"/> would, but in a pool of the walks' own that
/// <see cref="Release"/> empties when the layer stage ends, so that the collector can take them back before inventory
/// and controls run (issue 17: a shared pool keeps every array it was given for the life of the process).
/// Thread-safe; at most <see cref="KeptMax"/> are kept, more are left to the collector.
/// </summary>
internal sealed class WalkBufferPool
{
    /// <summary>The process's one, used by every layer walk.</summary>
    public static WalkBufferPool Shared { get; } = new();

    /// <summary>The size of every buffer.</summary>
    public const int BufferBytes = 256 * 1024;

    /// <summary>Two walks in flight, each with its read-ahead chunks and a decoder input, and one spare.</summary>
    internal const int KeptMax = 12;

    private readonly Stack<byte[]> _kept = new(KeptMax); // under itself
    private int _rented;

    /// <summary>Buffers rented and not yet returned.</summary>
    public int Rented => Volatile.Read(ref _rented);

    /// <summary>Buffers kept for the next rent.</summary>
    public int Kept { get { lock (_kept) return _kept.Count; } }

    /// <summary>A kept buffer, else a new one; its contents are undefined. Give it back with <see cref="Return"/>.</summary>
    public byte[] Rent()
    {
        Interlocked.Increment(ref _rented);
        lock (_kept)
            if (_kept.TryPop(out var buffer)) return buffer;
        return GC.AllocateUninitializedArray<byte>(BufferBytes);
    }

    /// <summary>Takes back a buffer from <see cref="Rent"/>, kept for the next walk unless <see cref="KeptMax"/> are.</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length != BufferBytes) throw new ArgumentException("not a walk buffer", nameof(buffer));
        Interlocked.Decrement(ref _rented);
        lock (_kept)
            if (_kept.Count < KeptMax) _kept.Push(buffer);
    }

    /// <summary>Forgets every kept buffer (rented ones are still returned, and kept again, as usual); false when none was kept.</summary>
    public bool Release()
    {
        lock (_kept)
        {
            var any = _kept.Count > 0;
            _kept.Clear();
            return any;
        }
    }
}
