namespace Drydock.Images.Layers;

/// <summary>
/// The 256 KiB buffers of layer walks (read-ahead chunks, a native decoder's input): handed from one walk to the next
/// like <see cref="System.Buffers.ArrayPool{T}.Shared"/> would, but in a pool of the walks' own that
/// <see cref="Release"/> empties when the layer stage ends (issue 17: a shared pool keeps every array it was given for
/// the life of the process). The buffers are slices of 2 MiB slabs of <see cref="NativePages"/> (eight to a slab, one
/// huge page each where the kernel gives them): outside the collector's heap, so renting them never triggers a
/// collection of the large-object heap (one did, 6 ms before the first layer's inflate could start) and filling a
/// slab is one page fault, not 512. A slab is freed when all of its buffers are back and more than
/// <see cref="KeptMax"/> would still be kept, or on <see cref="Release"/>. Thread-safe.
/// </summary>
internal sealed class WalkBufferPool
{
    /// <summary>The process's one, used by every layer walk.</summary>
    public static WalkBufferPool Shared { get; } = new();

    /// <summary>The size of every buffer.</summary>
    public const int BufferBytes = 256 * 1024;

    /// <summary>Buffers cut from one slab (one huge page).</summary>
    internal const int BuffersPerSlab = NativePages.HugePageBytes / BufferBytes;

    /// <summary>Free buffers kept for the next walks: two slabs (two walks in flight need nine buffers each).</summary>
    internal const int KeptMax = 2 * BuffersPerSlab;

    private readonly List<WalkBuffer> _free = []; // under itself
    private int _rented;

    /// <summary>Buffers rented and not yet returned.</summary>
    public int Rented => Volatile.Read(ref _rented);

    /// <summary>Buffers kept for the next rent.</summary>
    public int Kept { get { lock (_free) return _free.Count; } }

    /// <summary>A kept buffer, else one of a new slab; its contents are undefined. Give it back with <see cref="Return"/>.</summary>
    public WalkBuffer Rent()
    {
        lock (_free)
        {
            if (_free.Count == 0)
            {
                var slab = new WalkBuffer.Slab(NativePages.Allocate(NativePages.HugePageBytes));
                for (var i = BuffersPerSlab - 1; i >= 0; i--) _free.Add(new WalkBuffer(this, slab, i * BufferBytes));
            }
            var buffer = _free[^1];
            _free.RemoveAt(_free.Count - 1);
            buffer.IsRented = true;
            buffer.Owner.Rented++;
            _rented++;
            return buffer;
        }
    }

    /// <summary>Takes back a buffer from <see cref="Rent"/>; its slab is freed when it is all back and enough are kept.</summary>
    public void Return(WalkBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Pool != this) throw new ArgumentException("not a buffer of this pool", nameof(buffer));
        lock (_free)
        {
            if (!buffer.IsRented) throw new InvalidOperationException("walk buffer returned twice");
            buffer.IsRented = false;
            buffer.Owner.Rented--;
            _rented--;
            _free.Add(buffer);
            if (buffer.Owner.Rented == 0 && _free.Count - BuffersPerSlab >= KeptMax) Free(buffer.Owner);
        }
    }

    /// <summary>Frees every slab none of whose buffers is rented; false when no buffer was kept.</summary>
    public bool Release()
    {
        lock (_free)
        {
            var any = _free.Count > 0;
            foreach (var slab in _free.Select(b => b.Owner).Distinct().Where(s => s.Rented == 0).ToList()) Free(slab);
            return any;
        }
    }

    // Under _free: the slab's buffers leave the pool and its memory is unmapped.
    private void Free(WalkBuffer.Slab slab)
    {
        _free.RemoveAll(b => b.Owner == slab);
        ((IDisposable)slab.Pages).Dispose();
    }
}

/// <summary>
/// One buffer of <see cref="WalkBufferPool"/>: <see cref="WalkBufferPool.BufferBytes"/> bytes of a slab that never
/// moves, so <see cref="Pointer"/> may be handed to a native decoder while the buffer is rented.
/// </summary>
internal sealed unsafe class WalkBuffer
{
    internal WalkBuffer(WalkBufferPool pool, Slab owner, int offset)
    {
        Pool = pool;
        Owner = owner;
        Offset = offset;
    }

    internal WalkBufferPool Pool { get; }

    internal Slab Owner { get; }

    internal int Offset { get; }

    internal bool IsRented { get; set; } // under the pool's lock

    /// <summary>Its bytes (throws once its slab is freed).</summary>
    public Span<byte> Span => Owner.Pages.GetSpan().Slice(Offset, WalkBufferPool.BufferBytes);

    /// <summary>Its first byte; valid while it is rented.</summary>
    public byte* Pointer => (byte*)Owner.Pages.Address + Offset;

    /// <summary>The buffers' shared memory and how many of them are rented (under the pool's lock).</summary>
    internal sealed class Slab(NativePages pages)
    {
        public NativePages Pages { get; } = pages;

        public int Rented { get; set; }
    }
}
