using Drydock.Images.Layers;

namespace Drydock.Tests.Images.Layers;

public sealed class ScratchBufferTests
{
    [Fact]
    public void Give_TwoReadersGiveBack_LargerOneKeptForTheNext()
    {
        // Given: two readers that grew their buffers beside each other
        var scratch = new ScratchBuffer();
        var small = ScratchBuffer.Grow(100_000);
        var large = ScratchBuffer.Grow(3_000_000);

        // When
        scratch.Give(large);
        scratch.Give(small);

        // Then: the next reader starts from the larger one, and the one after that from nothing
        Assert.Same(large, scratch.Take());
        Assert.Empty(scratch.Take());
    }

    [Fact]
    public void Give_OverTheKeptBound_NotKept()
    {
        // Given
        var scratch = new ScratchBuffer();
        var huge = ScratchBuffer.Grow(ScratchBuffer.KeptMaxBytes + 1);

        // When
        scratch.Give(huge);

        // Then
        Assert.Empty(scratch.Take());
    }

    [Theory]
    [InlineData(1, 64 * 1024)]
    [InlineData(65_537, 128 * 1024)]
    [InlineData(4 * 1024 * 1024, 4 * 1024 * 1024)]
    public void Grow_Size_NextPowerOfTwoFrom64KiB(int size, int expected)
    {
        // When
        var buffer = ScratchBuffer.Grow(size);

        // Then
        Assert.Equal(expected, buffer.Length);
    }
}
