using Drydock.Images.Layers;

namespace Drydock.Tests.Images.Layers;

public sealed class WalkBufferPoolTests
{
    [Fact]
    public void Return_ForeignBuffer_Refused()
    {
        // Given: a buffer of another pool
        var other = new WalkBufferPool();
        var buffer = other.Rent();

        // When / Then: it never enters this pool
        Assert.Throws<ArgumentException>(() => new WalkBufferPool().Return(buffer));
        other.Return(buffer);
        other.Release();
    }

    [Fact]
    public void Return_Twice_Refused()
    {
        // Given
        var pool = new WalkBufferPool();
        var buffer = pool.Rent();
        pool.Return(buffer);

        // When / Then: a second return would hand the same bytes to two walks
        Assert.Throws<InvalidOperationException>(() => pool.Return(buffer));
        pool.Release();
    }

    [Fact]
    public void Release_BuffersReturned_NoneKeptNoneRentedMemoryFreed()
    {
        // Given: a walk's buffers, returned when it ended
        var pool = new WalkBufferPool();
        var buffers = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        Assert.Equal(3, pool.Rented);
        buffers.ForEach(pool.Return);

        // When
        var released = pool.Release();

        // Then: kept for the next walk until released, then nothing is kept, the slab is unmapped, and a second release
        // has nothing to do
        Assert.True(released);
        Assert.Equal((0, 0), (pool.Kept, pool.Rented));
        Assert.Throws<ObjectDisposedException>(() => buffers[0].Span.Length);
        Assert.False(pool.Release());
    }

    [Fact]
    public void Release_ABufferStillRented_ItsSlabKept()
    {
        // Given: another scan's walk still holds a buffer of the slab
        var pool = new WalkBufferPool();
        var held = pool.Rent();
        pool.Return(pool.Rent());

        // When
        pool.Release();

        // Then: the held buffer is still usable and comes back as usual
        held.Span.Fill(7);
        Assert.Equal(7, held.Span[^1]);
        pool.Return(held);
        Assert.True(pool.Release());
        Assert.Equal(0, pool.Kept);
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
        Assert.Equal(WalkBufferPool.BufferBytes, second.Span.Length);
        pool.Return(second);
        pool.Release();
    }

    [Fact]
    public void Rent_ASlabsWorth_BuffersDisjoint()
    {
        // Given
        var pool = new WalkBufferPool();
        var buffers = Enumerable.Range(0, WalkBufferPool.BuffersPerSlab + 1).Select(_ => pool.Rent()).ToList();

        // When: each buffer filled with its own number
        for (var i = 0; i < buffers.Count; i++) buffers[i].Span.Fill((byte)(i + 1));

        // Then: no buffer overlaps another
        for (var i = 0; i < buffers.Count; i++)
        {
            Assert.Equal((byte)(i + 1), buffers[i].Span[0]);
            Assert.Equal((byte)(i + 1), buffers[i].Span[^1]);
        }
        buffers.ForEach(pool.Return);
        pool.Release();
    }

    [Fact]
    public void Return_MoreThanKeptMax_EmptySlabsFreed()
    {
        // Given: more buffers rented at once than the pool keeps
        var pool = new WalkBufferPool();
        var buffers = Enumerable.Range(0, WalkBufferPool.KeptMax + 2 * WalkBufferPool.BuffersPerSlab).Select(_ => pool.Rent()).ToList();

        // When
        buffers.ForEach(pool.Return);

        // Then: whole slabs past the bound are unmapped, KeptMax buffers stay
        Assert.Equal(WalkBufferPool.KeptMax, pool.Kept);
        Assert.Equal(0, pool.Rented);
        Assert.Throws<ObjectDisposedException>(() => buffers[^1].Span.Length);
        pool.Release();
    }
}
