using Drydock.Images.Layers;

namespace Drydock.Tests.Images.Layers;

public sealed class WalkBufferPoolTests
{
    [Fact]
    public void Return_ForeignArray_Refused()
    {
        // Given / When / Then: a buffer of another size never enters the pool
        Assert.Throws<ArgumentException>(() => new WalkBufferPool().Return(new byte[100]));
    }

    [Fact]
    public void Release_BuffersReturned_NoneKeptNoneRented()
    {
        // Given: a walk's buffers, returned when it ended
        var pool = new WalkBufferPool();
        var buffers = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        Assert.Equal(3, pool.Rented);
        buffers.ForEach(pool.Return);

        // When
        var released = pool.Release();

        // Then: kept for the next walk until released, then nothing is kept and a second release has nothing to do
        Assert.True(released);
        Assert.Equal((0, 0), (pool.Kept, pool.Rented));
        Assert.False(pool.Release());
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheBuffer()
    {
        // Given
        var pool = new WalkBufferPool();
        var first = pool.Rent();
        pool.Return(first);

        // When
        var second = pool.Rent();

        // Then
        Assert.Same(first, second);
        Assert.Equal(WalkBufferPool.BufferBytes, second.Length);
    }

    [Fact]
    public void Return_MoreThanKeptMax_RestLeftToTheCollector()
    {
        // Given
        var pool = new WalkBufferPool();
        var buffers = Enumerable.Range(0, WalkBufferPool.KeptMax + 2).Select(_ => pool.Rent()).ToList();

        // When
        buffers.ForEach(pool.Return);

        // Then
        Assert.Equal(WalkBufferPool.KeptMax, pool.Kept);
        Assert.Equal(0, pool.Rented);
    }
}
