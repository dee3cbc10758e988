using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Scanning.Cache;
using Drydock.Scanning.Pipeline;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Layers;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// Issue 17: layers that are not cached are walked several at a time, and the view is still the layers squashed in
/// order (whiteouts and opaque directories reach only the layers below them), cached or not.
/// </summary>
[Collection(LayerWalkTiming.Name)] // timing-sensitive overlap checks: never beside tests that block pool threads
public sealed class LayerReaderTests
{
    private static readonly IReadOnlyList<string> Needed = ["test-interests"];
    private static readonly string[] Wanted = ["etc/hostname", "etc/os-release"];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task ReadAsync_SeveralWalksInFlight_SameViewAsOneAtATime(int walksInFlight)
    {
        // Given: layers that replace, delete and hide each other's files
        var image = LayeredImage();

        // When
        var sequential = await Read(image, 1, null);
        var parallel = await Read(image, walksInFlight, null);

        // Then
        Assert.Equal(Describe(sequential), Describe(parallel));
        Assert.Equal(["app", "app/new", "etc", "etc/hostname", "etc/os-release", "opt", "opt/kept"],
            parallel.Entries.Select(e => e.Path));
        Assert.Equal("v5\n", LayerTestKit.Read(parallel, "etc/hostname"));
        Assert.Equal(image.Layers.Select(l => l.DiffId), parallel.LayerDiffIds);
    }

    [Fact]
    public async Task ReadAsync_ManyRunsTwoWalksInFlight_NeverWaitsOnNoWalk()
    {
        // Given: small layers whose walks end at any moment, also between the check of a layer's turn and the wait for
        // a running walk (the race that once made that wait throw "The tasks argument contains no tasks")
        var image = LayeredImage();
        var expected = Describe(await Read(image, 1, null));

        // When / Then: every run gives the same view
        for (var run = 0; run < 300; run++)
            Assert.Equal(expected, Describe(await Read(image, 2, null)));
    }

    [Fact]
    public async Task ReadAsync_SomeLayersCached_SameViewAndEveryLayerStoredOnce()
    {
        // Given: a cache that holds the records of layers 1 and 3 from an earlier scan
        var image = LayeredImage();
        var cache = new MemoryLayerCache();
        var expected = Describe(await Read(image, 1, cache));
        foreach (var i in new[] { 0, 2, 4, 5 }) cache.Records.Remove(CacheKeys.LayerKey(image.Layers[i].DiffId));
        var opensBefore = image.LayerOpens;

        // When
        var view = await Read(image, 2, cache);

        // Then: only the four missing layers were read, and every layer has its record again
        Assert.Equal(expected, Describe(view));
        Assert.Equal(4, image.LayerOpens - opensBefore);
        Assert.Equal(image.Layers.Count, cache.Records.Count);
    }

    [Fact]
    public async Task ReadAsync_LaterLayerCorrupt_ErrorNamesThatLayer()
    {
        // Given: layer 3 of 6 is not a tar, while layer 4 (read alongside it) is fine
        var image = new FakeImage();
        for (var i = 0; i < 6; i++) image.Layer(i == 3 ? new byte[1024].Select((_, j) => (byte)(j % 7 + 1)).ToArray() : new TarBuilder().File($"f{i}", "x").Build());

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => LayerReader.ReadAsync(image, [EveryEntry.Instance], Needed, null,
            NullProgressSink.Instance, 2, CancellationToken.None));

        // Then
        Assert.Contains("layer 3 (sha256:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LayerCompression.Zstd, 1)]
    [InlineData(LayerCompression.Gzip, 2)]
    public async Task ReadAsync_TwoWalksInFlight_ZstdLayersDecodedOneAtATime(LayerCompression compression, int expectedMostOpen)
    {
        // Given: four compressed layers whose blobs are read slowly, so that walks started together overlap
        var layers = new FakeImage();
        var image = new OverlapImage(layers);
        for (var i = 0; i < 4; i++)
        {
            var tar = new TarBuilder().File($"f{i}", new string('x', 100_000)).Build();
            layers.Layer(tar, compression == LayerCompression.Zstd ? TarBuilder.Zstd(tar) : TarBuilder.Gzip(tar), compression);
        }

        // When
        var view = await LayerReader.ReadAsync(image, [EveryEntry.Instance], Needed, null, NullProgressSink.Instance, 2, CancellationToken.None);

        // Then: every layer read; a zstd decoder (its whole window) is never alive twice, gzip layers still overlap
        Assert.Equal(["f0", "f1", "f2", "f3"], view.Entries.Select(e => e.Path));
        Assert.Equal(expectedMostOpen, image.MostOpen);
    }

    [Fact]
    public async Task ReadAsync_HeavyTopLayer_ReadBesideTheBottomOne()
    {
        // Given: four light layers and a top layer heavier than the three above the bottom one; the bottom layer's blob
        // opens only once the top one has been opened (or after 20 s)
        var layers = new FakeImage();
        for (var i = 0; i < 5; i++) layers.Layer(new TarBuilder().File($"f{i}", new string('x', i == 4 ? 60_000 : 10_000)).Build());
        var image = new OrderImage(layers, holdUntilOpened: (0, 4));

        // When
        var view = await LayerReader.ReadAsync(image, [EveryEntry.Instance], Needed, null, NullProgressSink.Instance, 2, CancellationToken.None);

        // Then: the top layer started second, before the light ones (in order it would start last, after the bottom
        // layer had waited out its 20 s); the view is still the layers applied in order
        var opened = image.Opened;
        Assert.Equal([0, 4], opened.Take(2).Order()); // started together, opened in either order
        Assert.Equal([1, 2, 3], opened.Skip(2).Order()); // started in order, but two walks run at once: opened in either order
        Assert.False(image.Held, "layer 0 waited for layer 4 in vain");
        Assert.Equal(["f0", "f1", "f2", "f3", "f4"], view.Entries.Select(e => e.Path));
        Assert.Equal(image.Layers.Select(l => l.DiffId), view.LayerDiffIds);
    }

    [Fact]
    public async Task ReadAsync_OpensAnsweredOnPoolThreads_WalksStayOnTheirOwnThreads()
    {
        // Given: layers whose blobs open asynchronously, the answer coming on a thread-pool thread (as a registry's
        // response does)
        var layers = new FakeImage();
        for (var i = 0; i < 4; i++) layers.Layer(new TarBuilder().File($"f{i}", new string('x', 50_000)).Build());
        var image = new PoolAnsweredImage(layers);
        var walkThreads = new ThreadNotingInterest();

        // When
        var view = await LayerReader.ReadAsync(image, [EveryEntry.Instance, walkThreads], Needed, null, NullProgressSink.Instance, 2,
            CancellationToken.None);

        // Then: every layer was walked, and never on a pool thread (a walk holds its thread for a whole layer)
        Assert.Equal(["f0", "f1", "f2", "f3"], view.Entries.Select(e => e.Path));
        Assert.Equal(4, image.OpensAnsweredOnPool);
        Assert.Equal(4, walkThreads.Calls);
        Assert.Equal(0, walkThreads.CallsOnPoolThreads);
    }

    /// <summary>Opens each blob after a delay, the open completing on a pool thread.</summary>
    private sealed class PoolAnsweredImage(FakeImage inner) : ForwardingImage(inner)
    {
        private int _onPool;

        public int OpensAnsweredOnPool => Volatile.Read(ref _onPool);

        public override async Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            if (Thread.CurrentThread.IsThreadPoolThread) Interlocked.Increment(ref _onPool);
            return await Inner.OpenLayerAsync(index, cancellationToken);
        }
    }

    /// <summary>Wants nothing; counts the files it is asked about and how many of those asks came on pool threads.</summary>
    private sealed class ThreadNotingInterest : IFileInterest
    {
        private int _calls;
        private int _onPool;

        public int Calls => Volatile.Read(ref _calls);
        public int CallsOnPoolThreads => Volatile.Read(ref _onPool);

        public bool Wants(string path, long size, int mode)
        {
            Interlocked.Increment(ref _calls);
            if (Thread.CurrentThread.IsThreadPoolThread) Interlocked.Increment(ref _onPool);
            return false;
        }
    }

    /// <summary>Records the order in which layer blobs are opened; one blob may be held until another is opened.</summary>
    private sealed class OrderImage(FakeImage inner, (int Layer, int Until) holdUntilOpened) : ForwardingImage(inner)
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly List<int> _opened = [];

        public int[] Opened
        {
            get { lock (_opened) return [.. _opened]; }
        }

        public bool Held { get; private set; }

        public override Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
        {
            lock (_opened) _opened.Add(index);
            if (index == holdUntilOpened.Until) _released.Set();
            if (index == holdUntilOpened.Layer) Held = !_released.Wait(TimeSpan.FromSeconds(20), cancellationToken);
            return Inner.OpenLayerAsync(index, cancellationToken);
        }
    }

    /// <summary>A <see cref="FakeImage"/> whose layer blobs count how many are open at once and read slowly.</summary>
    private sealed class OverlapImage(FakeImage inner) : ForwardingImage(inner)
    {
        private int _open;
        public int MostOpen { get; private set; }

        public override async Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
        {
            var stored = await Inner.OpenLayerAsync(index, cancellationToken);
            lock (this) MostOpen = Math.Max(MostOpen, ++_open);
            return new SlowStream(stored, () => { lock (this) _open--; });
        }
    }

    private sealed class SlowStream(Stream inner, Action closed) : ForwardingReadStream(inner)
    {
        private bool _closed;

        public override int Read(byte[] buffer, int offset, int count)
        {
            Thread.Sleep(30);
            return Inner.Read(buffer, offset, Math.Min(count, 4096));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;
                closed();
            }
            base.Dispose(disposing);
        }
    }

    private static MemoryImage LayeredImage() => new MemoryImage()
        .Layer(new TarBuilder().Directory("etc/").File("etc/hostname", "v0\n").File("etc/passwd", "root\n").Directory("opt/").File("opt/old", "o"))
        .Layer(new TarBuilder().File("etc/os-release", "ID=debian\n").Directory("app/").File("app/old", "a"))
        .Layer(new TarBuilder().Whiteout("etc/passwd").File("etc/hostname", "v2\n"))
        .Layer(new TarBuilder().Opaque("app/").File("app/new", "n"))
        .Layer(new TarBuilder().File("opt/kept", "k").Whiteout("opt/old"))
        .Layer(new TarBuilder().File("etc/hostname", "v5\n"));

    private static Task<FileSystemView> Read(IImage image, int walksInFlight, MemoryLayerCache? cache) =>
        LayerReader.ReadAsync(image, [new PathInterest(Wanted), EveryEntry.Instance], Needed,
            cache is null ? null : () => cache, NullProgressSink.Instance, walksInFlight, CancellationToken.None);

    // Content only for the files the interests wanted (a cache record keeps no content for the others either way).
    private static string[] Describe(FileSystemView view) =>
        [.. view.Entries.Select(e => $"{e.Path} {e.Kind} {e.LayerIndex} {e.Size} {(Wanted.Contains(e.Path) ? LayerTestKit.Read(view, e.Path) : "-")}")];
}
