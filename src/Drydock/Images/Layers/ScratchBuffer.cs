using System.Numerics;

namespace Drydock.Images.Layers;

/// <summary>
/// The buffer a layer's reader reads a wanted file into when its content is not kept (an executable for the language
/// analyzers): one per process, handed from layer to layer. A reader takes it, grows it (a power of two, the old one
/// left to the collector) and gives it back; the larger of two given back is kept, up to <see cref="KeptMaxBytes"/>.
/// Issue 17: renting it from <see cref="System.Buffers.ArrayPool{T}"/> while growing by doubling left one array of
/// every size on the way (64 KiB … 4 MiB, ~8 MiB of large-object heap) in the pool for the rest of the process.
/// </summary>
internal sealed class ScratchBuffer
{
    /// <summary>The process's one, shared by every layer reader.</summary>
    public static ScratchBuffer Shared { get; } = new();

    /// <summary>A larger buffer (a file read up to the per-file bound) is not kept past its layer.</summary>
    internal const int KeptMaxBytes = 8 * 1024 * 1024;

    private const int MinBytes = 64 * 1024;
    private byte[]? _kept;

    /// <summary>The kept buffer (no other reader has it until it is given back), else an empty one.</summary>
    public byte[] Take() => Interlocked.Exchange(ref _kept, null) ?? [];

    /// <summary>A buffer of at least <paramref name="size"/> bytes (the next power of two, 64 KiB at least).</summary>
    public static byte[] Grow(int size) =>
        GC.AllocateUninitializedArray<byte>((int)Math.Min(Array.MaxLength, BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, MinBytes))));

    /// <summary>Keeps <paramref name="buffer"/> for the next reader unless a larger one is kept or it is over the bound.</summary>
    public void Give(byte[] buffer)
    {
        if (buffer.Length == 0 || buffer.Length > KeptMaxBytes) return;
        var kept = Volatile.Read(ref _kept);
        while (kept is null || kept.Length < buffer.Length)
        {
            var seen = Interlocked.CompareExchange(ref _kept, buffer, kept);
            if (seen == kept) return;
            kept = seen;
        }
    }

    /// <summary>Forgets the kept buffer (a reader holding it still gives it back as usual); false when none was kept.</summary>
    public bool Release() => Interlocked.Exchange(ref _kept, null) is not null;

    /// <summary>The kept buffer's length, 0 when none is kept.</summary>
    public int KeptBytes => Volatile.Read(ref _kept)?.Length ?? 0;
}
