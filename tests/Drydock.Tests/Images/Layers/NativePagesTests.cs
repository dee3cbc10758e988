using Drydock.Images.Layers;

namespace Drydock.Tests.Images.Layers;

public sealed class NativePagesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(100_000)]
    [InlineData(2 * 1024 * 1024)]
    [InlineData(5 * 1024 * 1024 + 3)]
    public void Allocate_Length_WholeBufferWritableAndReadBack(int length)
    {
        // Given
        var pages = NativePages.Allocate(length);
        try
        {
            // When: every byte written through the span and read back through the memory
            var span = pages.GetSpan();
            for (var i = 0; i < span.Length; i++) span[i] = (byte)(i * 7);

            // Then
            Assert.Equal(length, span.Length);
            Assert.Equal(length, pages.Memory.Length);
            var back = pages.Memory.Span;
            Assert.Equal((byte)((length - 1) * 7), back[^1]);
            if (length > 1) Assert.Equal((byte)7, back[1]);
        }
        finally
        {
            ((IDisposable)pages).Dispose();
        }
    }

    [Fact]
    public void Allocate_TwoMiBOrMore_AlignedToAHugePageAndAdvised()
    {
        // Given / When
        var pages = NativePages.Allocate(3 * 1024 * 1024);
        var small = NativePages.Allocate(1024 * 1024);
        var address = pages.Address;
        var (advised, smallAdvised) = (pages.HugePagesAdvised, small.HugePagesAdvised);
        ((IDisposable)pages).Dispose();
        ((IDisposable)small).Dispose();

        // Then: only whole, aligned 2 MiB extents can be huge pages; the kernel took the advice where huge pages are on
        if (OperatingSystem.IsLinux()) Assert.Equal(0u, address % NativePages.HugePageBytes);
        Assert.Equal(0u, pages.Address);
        Assert.False(smallAdvised);
        var thp = File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
            ? File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled") : "";
        if (thp.Contains("[always]", StringComparison.Ordinal) || thp.Contains("[madvise]", StringComparison.Ordinal))
            Assert.True(advised);
    }

    [Fact]
    public void Dispose_Twice_FreedOnceThenRefusesUse()
    {
        // Given
        var pages = NativePages.Allocate(64 * 1024);

        // When
        ((IDisposable)pages).Dispose();
        ((IDisposable)pages).Dispose();

        // Then
        Assert.Throws<ObjectDisposedException>(() => pages.GetSpan());
        Assert.Throws<ObjectDisposedException>(() => pages.Pin());
    }

    [Fact]
    public void Allocate_ZeroLength_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NativePages.Allocate(0));
}
