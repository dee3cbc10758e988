using Drydock.Images.Layers;
using Drydock.Tests.Images.Layers.Inflate;

namespace Drydock.Tests.Images.Layers;

public sealed class WalkMemoryTests
{
    [Fact]
    public void Release_BuffersKept_AllLetGo()
    {
        // Given: what a walk keeps for the next layer
        var pool = new WalkBufferPool();
        pool.Return(pool.Rent());
        var scratch = new ScratchBuffer();
        scratch.Give(ScratchBuffer.Grow(3_000_000));

        // When
        var released = WalkMemory.Release(pool, scratch, zstd: null);

        // Then
        Assert.True(released);
        Assert.Equal((0, 0), (pool.Kept, scratch.KeptBytes));
        Assert.Null(scratch.Take());
    }

    [Fact]
    public void Release_NothingKept_SaysSo()
    {
        // When
        var released = WalkMemory.Release(new WalkBufferPool(), new ScratchBuffer(), zstd: null);

        // Then: no layer was walked since the last release, so the scan collects nothing
        Assert.False(released);
    }

    [ZstdFact]
    public void Release_ZstdContextKept_Freed()
    {
        // Given: libzstd's context, kept after a layer
        var zstd = ZstdPaths.Native!.Library!;
        zstd.Return(zstd.Rent());
        Assert.True(zstd.HasKept);

        // When
        var released = WalkMemory.Release(new WalkBufferPool(), new ScratchBuffer(), zstd);

        // Then
        Assert.True(released);
        Assert.False(zstd.HasKept);
        Assert.False(zstd.ReleaseKept());
    }
}
