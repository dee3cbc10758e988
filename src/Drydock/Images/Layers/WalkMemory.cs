using Drydock.Images.Layers.Inflate;

namespace Drydock.Images.Layers;

/// <summary>
/// What layer walks keep from one layer to the next: the pooled 256 KiB buffers (<see cref="WalkBufferPool"/>), the
/// scratch buffer (<see cref="ScratchBuffer"/>) and libzstd's decoding context with its window. A scan lets them go
/// when its layer stage ends (issue 17: the peak resident set came after the walk, while inventory and controls ran
/// on top of ~8 MiB of walk buffers and, for zstd images, the 8.5 MiB context). Walks still running elsewhere in the
/// process (the server's other scans) are unaffected: only what is kept, not what is in use, is let go.
/// </summary>
internal static class WalkMemory
{
    /// <summary>
    /// Lets go of every kept walk buffer and context; false when nothing was kept (no layer was walked since the last
    /// release: every layer came from the cache).
    /// </summary>
    public static bool Release() => Release(WalkBufferPool.Shared, ScratchBuffer.Shared, ZstdDecode.Loaded);

    internal static bool Release(WalkBufferPool pool, ScratchBuffer scratch, ZstdLibrary? zstd)
    {
        var any = pool.Release() | scratch.Release();
        return (zstd?.ReleaseKept() ?? false) | any;
    }
}
