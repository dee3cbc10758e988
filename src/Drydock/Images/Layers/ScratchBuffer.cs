using System.Numerics;

namespace Drydock.Images.Layers;

/// <summary>
/// The buffer a layer's reader reads a wanted file into when its content is not kept (an executable for the language
/// analyzers): one per process, handed from layer to layer. A reader takes it, grows it (a power of two, at least
/// <see cref="MinBytes"/>; the old one freed at once) and gives it back; the larger of two given back is kept, up to
/// <see cref="KeptMaxBytes"/>, the other freed. Issue 17: renting it from <see cref="System.Buffers.ArrayPool{T}"/>
/// while growing by doubling left one array of every size on the way (64 KiB … 4 MiB, ~8 MiB of large-object heap) in
/// the pool for the rest of the process; as arrays of its own it still touched ~8 MiB of fresh pages on a Debian image
/// (30 MB of executables, the largest 3.8 MB) and counted towards the collections of the large-object heap. It is now
/// <see cref="NativePages"/>: outside the collector's heap, on huge pages, freed explicitly.
/// </summary>
internal sealed class ScratchBuffer
{
    /// <summary>The process's one, shared by every layer reader.</summary>
    public static ScratchBuffer Shared { get; } = new();

    /// <summary>A larger buffer (a file read up to the per-file bound) is not kept past its layer.</summary>
    internal const int KeptMaxBytes = 8 * 1024 * 1024;

    /// <summary>The smallest buffer: one huge page, so that most images never grow it.</summary>
    internal const int MinBytes = NativePages.HugePageBytes;

    private NativePages? _kept;

    /// <summary>The kept buffer (no other reader has it until it is given back), else null.</summary>
    public NativePages? Take() => Interlocked.Exchange(ref _kept, null);

    /// <summary>A buffer of at least <paramref name="size"/> bytes (the next power of two, <see cref="MinBytes"/> at least).</summary>
    public static NativePages Grow(int size) =>
        NativePages.Allocate((int)Math.Min(Array.MaxLength, BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, MinBytes))));

    /// <summary>
    /// Keeps <paramref name="buffer"/> for the next reader unless a larger one is kept or it is over the bound; whichever
    /// is not kept is freed. The caller no longer uses it.
    /// </summary>
    public void Give(NativePages? buffer)
    {
        if (buffer is null) return;
        if (buffer.Length > KeptMaxBytes)
        {
            ((IDisposable)buffer).Dispose();
            return;
        }
        var kept = Volatile.Read(ref _kept);
        while (kept is null || kept.Length < buffer.Length)
        {
            var seen = Interlocked.CompareExchange(ref _kept, buffer, kept);
            if (seen == kept)
            {
                if (kept is not null) ((IDisposable)kept).Dispose();
                return;
            }
            kept = seen;
        }
        ((IDisposable)buffer).Dispose();
    }

    /// <summary>Frees the kept buffer (a reader holding one still gives it back as usual); false when none was kept.</summary>
    public bool Release()
    {
        if (Interlocked.Exchange(ref _kept, null) is not { } kept) return false;
        ((IDisposable)kept).Dispose();
        return true;
    }

    /// <summary>The kept buffer's length, 0 when none is kept.</summary>
    public int KeptBytes => Volatile.Read(ref _kept)?.Length ?? 0;
}
