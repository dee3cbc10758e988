using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Scanning.Pipeline;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// Issue 18 after issue 17's parallel walks: the walks running at once share one entry budget, so two layers of a
/// million files are never alive together (5 × 1M files ≤ 128 MB), while small layers still walk two at a time.
/// </summary>
[Collection(LayerWalkTiming.Name)] // timing-sensitive overlap checks: never beside tests that block pool threads
public sealed class WalkEntryBudgetTests
{
    [Fact]
    public async Task Entries_LaterWalkOverBudget_WaitsUntilEarlierLayerApplied()
    {
        // Given: layer 0's walk has read 300,000 entries against a budget of 262,144
        var budget = new WalkEntryBudget(WalkEntryBudget.DefaultMaxEntries);
        var first = budget.Join(0);
        var second = budget.Join(1);
        first.Entries(300_000, CancellationToken.None);

        // When: layer 1's walk reports its first entries (on a thread of its own, as walks run: a pool thread may
        // start only after the pause below when other tests hold the pool's threads)
        using var started = new ManualResetEventSlim();
        var waiting = Task.Factory.StartNew(() =>
        {
            started.Set();
            second.Entries(4096, CancellationToken.None);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Then: it waits until layer 0 has been applied, and only then goes on
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        budget.Applied(0);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, budget.Waits);
    }

    [Fact]
    public void Entries_EarliestWalk_NeverWaits()
    {
        // Given: a later layer's walk that has joined the budget
        var budget = new WalkEntryBudget(1000);
        var first = budget.Join(3);
        budget.Join(4);

        // When / Then: the earliest walk goes on however far past the budget it reads
        first.Entries(1_000_000, CancellationToken.None);
        first.Entries(2_000_000, CancellationToken.None);
        Assert.Equal(0, budget.Waits);
    }

    [Fact]
    public void Entries_SmallLayers_WalkTogether()
    {
        // Given / When: two walks that together stay within the budget
        var budget = new WalkEntryBudget(WalkEntryBudget.DefaultMaxEntries);
        var first = budget.Join(0);
        var second = budget.Join(1);
        first.Entries(100_000, CancellationToken.None);
        second.Entries(100_000, CancellationToken.None);

        // Then
        Assert.Equal(0, budget.Waits);
    }

    [Fact]
    public async Task Entries_WaitingWalkCancelled_Throws()
    {
        // Given: a later walk waiting behind a large earlier one
        var budget = new WalkEntryBudget(10);
        budget.Join(0).Entries(4096, CancellationToken.None);
        var second = budget.Join(1);
        using var cts = new CancellationTokenSource();
        var waiting = Task.Run(() => second.Entries(4096, cts.Token));
        await Task.Delay(200);

        // When
        await cts.CancelAsync();

        // Then: the walk stops rather than waiting for a layer that will never be applied
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ReadAsync_TwoLargeLayers_LaterWalkHeldAndViewUnchanged()
    {
        // Given: three layers of 10,000 files each; each layer's blob pauses at its end, so its walk holds its entries
        // unapplied while the next walk counts
        var inner = new FakeImage();
        for (var layer = 0; layer < 3; layer++)
        {
            var tar = new TarBuilder();
            for (var i = 0; i < 10_000; i++) tar.File($"l{layer}/f{i:D5}", "");
            inner.Layer(tar.Build());
        }
        var image = new SlowEndImage(inner);

        // When: walked two at a time against a budget smaller than one layer, and one at a time
        var budget = new WalkEntryBudget(LayerTarReader.GateEvery);
        var view = await LayerReader.ReadAsync(image, [EveryEntry.Instance], ["test-interests"], null, NullProgressSink.Instance, 2,
            budget, CancellationToken.None);
        var sequential = await LayerReader.ReadAsync(inner, [EveryEntry.Instance], ["test-interests"], null, NullProgressSink.Instance, 1,
            CancellationToken.None);

        // Then: the later walks waited for the earlier layers, and the view is the same as walking one at a time
        Assert.True(budget.Waits >= 1, $"waits: {budget.Waits}");
        Assert.Equal(30_000, view.Entries.Count(e => e.Kind == FileKind.File));
        Assert.Equal(sequential.Entries.Select(e => e.Path), view.Entries.Select(e => e.Path));
    }

    /// <summary>Each layer's blob pauses 300 ms before its end of stream.</summary>
    private sealed class SlowEndImage(FakeImage inner) : ForwardingImage(inner)
    {
        public override async Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken) =>
            new SlowEnd(await Inner.OpenLayerAsync(index, cancellationToken));
    }

    private sealed class SlowEnd(Stream inner) : ForwardingReadStream(inner)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = Inner.Read(buffer, offset, count);
            if (read == 0) Thread.Sleep(300);
            return read;
        }
    }
}

/// <summary>Tests that measure how layer walks overlap, run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LayerWalkTiming
{
    public const string Name = "layer walk timing";
}
