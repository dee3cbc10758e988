using Drydock.Scanning.Cache;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Tests.Scanning;

public sealed class LayerCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-cache-").FullName;

    [Fact]
    public void PutThenGet_SameKey_ReturnsData()
    {
        using var cache = new LayerCache(Path.Combine(_dir, "layers.db"), 1 << 20);
        cache.Put("sha256:a|v1", [1, 2, 3]);
        Assert.Equal([1, 2, 3], cache.TryGet("sha256:a|v1"));
        Assert.Null(cache.TryGet("sha256:a|v2"));
    }

    [Fact]
    public void Put_OverBound_EvictsLeastRecentlyUsed()
    {
        // Given: room for two 400-byte entries, and a clock that moves only when told
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var cache = new LayerCache(Path.Combine(_dir, "layers.db"), 1000, clock);
        cache.Put("a", new byte[400]);
        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Put("b", new byte[400]);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(cache.TryGet("a")); // a is now more recent than b
        clock.Advance(TimeSpan.FromSeconds(1));

        // When
        cache.Put("c", new byte[400]);

        // Then
        Assert.NotNull(cache.TryGet("a"));
        Assert.Null(cache.TryGet("b"));
        Assert.NotNull(cache.TryGet("c"));
        Assert.Equal((2, 800), cache.Stats());
    }

    [Fact]
    public void Put_OverBound_UseOrderIsTheInjectedClocks()
    {
        // Given: the injected clock stands still while a, then b, are written (a tie, broken by key)
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var cache = new LayerCache(Path.Combine(_dir, "layers.db"), 1000, clock);
        cache.Put("a", new byte[400]);
        cache.Put("b", new byte[400]);
        clock.Advance(TimeSpan.FromSeconds(1));

        // When
        cache.Put("c", new byte[400]);

        // Then: b goes; the wall clock would have called a, written first, the least recently used
        Assert.Null(cache.TryGet("b"));
        Assert.NotNull(cache.TryGet("a"));
    }

    [Fact]
    public void Clean_RemovesEverything()
    {
        using var cache = new LayerCache(Path.Combine(_dir, "layers.db"), 1 << 20);
        cache.Put("a", [1]);
        cache.Clean();
        Assert.Equal((0, 0), cache.Stats());
    }

    [Fact]
    public async Task ConcurrentWriters_ManyConnections_AllSucceed()
    {
        var path = Path.Combine(_dir, "layers.db");
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            using var cache = new LayerCache(path, 1 << 24);
            for (var j = 0; j < 20; j++) cache.Put($"k{i}-{j}", new byte[1024]);
            return cache.TryGet($"k{i}-19")?.Length;
        }));
        var lengths = await Task.WhenAll(tasks);
        Assert.All(lengths, l => Assert.Equal(1024, l));
    }

    [Fact]
    public void Open_DamagedFile_ThrowsDrydockException()
    {
        var path = Path.Combine(_dir, "layers.db");
        File.WriteAllText(path, "this is not a database, it is a long enough line of text to look like a header...");
        Assert.Throws<DrydockException>(() => new LayerCache(path, 1 << 20).Dispose());
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
