using Drydock.Images.Layers;

namespace Drydock.Tests.Images.Layers;

public sealed class ScratchBufferTests
{
    [Fact]
    public void Give_TwoReadersGiveBack_LargerOneKeptForTheNextOtherFreed()
    {
        // Given: two readers that grew their buffers beside each other
        var scratch = new ScratchBuffer();
        var small = ScratchBuffer.Grow(100_000);
        var large = ScratchBuffer.Grow(3_000_000);

        // When
        scratch.Give(large);
        scratch.Give(small);

        // Then: the next reader starts from the larger one, and the one after that from nothing; the smaller is freed
        Assert.Same(large, scratch.Take());
        Assert.Null(scratch.Take());
        Assert.Throws<ObjectDisposedException>(() => small.GetSpan());
        Assert.Equal(4 * 1024 * 1024, large.GetSpan().Length);
        ((IDisposable)large).Dispose();
    }

    [Fact]
    public void Give_LargerAfterSmaller_SmallerFreedLargerKept()
    {
        // Given
        var scratch = new ScratchBuffer();
        var small = ScratchBuffer.Grow(1);
        var large = ScratchBuffer.Grow(5_000_000);
        scratch.Give(small);

        // When
        scratch.Give(large);

        // Then
        Assert.Equal(8 * 1024 * 1024, scratch.KeptBytes);
        Assert.Throws<ObjectDisposedException>(() => small.GetSpan());
        Assert.True(scratch.Release());
        Assert.Throws<ObjectDisposedException>(() => large.GetSpan());
    }

    [Fact]
    public void Give_OverTheKeptBound_NotKeptAndFreed()
    {
        // Given
        var scratch = new ScratchBuffer();
        var huge = ScratchBuffer.Grow(ScratchBuffer.KeptMaxBytes + 1);

        // When
        scratch.Give(huge);

        // Then
        Assert.Null(scratch.Take());
        Assert.Throws<ObjectDisposedException>(() => huge.GetSpan());
    }

    [Theory]
    [InlineData(1, 2 * 1024 * 1024)]
    [InlineData(2 * 1024 * 1024 + 1, 4 * 1024 * 1024)]
    [InlineData(4 * 1024 * 1024, 4 * 1024 * 1024)]
    public void Grow_Size_NextPowerOfTwoFromOneHugePage(int size, int expected)
    {
        // When
        using var buffer = (IDisposable)ScratchBuffer.Grow(size);

        // Then
        Assert.Equal(expected, ((NativePages)buffer).Length);
    }
}
