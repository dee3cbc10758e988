using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Scanning.Cache;

namespace Drydock.Scanning.Pipeline;

/// <summary>The layer stage: each layer from the cache when a record of it covers this run, else read once.</summary>
internal static class LayerReader
{
    /// <summary>
    /// Walks of layers that are not cached run this many at a time (each on two threads: <see cref="ReadAheadStream"/>),
    /// so that an image of many small layers keeps both cores busy (issue 17); one on a single core.
    /// </summary>
    internal static int WalksInFlight { get; } = Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>
    /// Each layer from the cache when a record of its diff id was read for at least this run's interests
    /// (<paramref name="needed"/>), else read once and stored as read for exactly <paramref name="needed"/>, replacing
    /// the record that fell short. Replacing rather than merging: the walk only kept what this run's interests wanted, so
    /// the new record can only claim those (a record of another analyzer version must not be claimed either); the runs
    /// of one install form a chain (sbom ⊂ image), so the record settles on the widest one.
    /// Layers are applied strictly in order (a layer's whiteouts reach only the layers below it); up to
    /// <see cref="WalksInFlight"/> of the layers after the one being applied are read meanwhile, so at most that many
    /// layers' contents plus the one being applied are alive at once, and a later layer's walk waits while the earlier ones
    /// hold more than <see cref="WalkEntryBudget.DefaultMaxEntries"/> entries (issue 18), so that two layers of a million
    /// files are never held together.
    /// </summary>
    public static async Task<FileSystemView> ReadAsync(IImage image, IReadOnlyList<IFileInterest> interests, IReadOnlyList<string> needed,
        Func<ILayerRecordCache>? openCache, IProgressSink progress, CancellationToken ct) =>
        await ReadAsync(image, interests, needed, openCache, progress, WalksInFlight, ct);

    internal static Task<FileSystemView> ReadAsync(IImage image, IReadOnlyList<IFileInterest> interests, IReadOnlyList<string> needed,
        Func<ILayerRecordCache>? openCache, IProgressSink progress, int walksInFlight, CancellationToken ct) =>
        ReadAsync(image, interests, needed, openCache, progress, walksInFlight, new WalkEntryBudget(WalkEntryBudget.DefaultMaxEntries), ct);

    internal static async Task<FileSystemView> ReadAsync(IImage image, IReadOnlyList<IFileInterest> interests, IReadOnlyList<string> needed,
        Func<ILayerRecordCache>? openCache, IProgressSink progress, int walksInFlight, WalkEntryBudget entries, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(walksInFlight, 1);
        using var cache = openCache?.Invoke();
        var squash = new FileSystemBuilder(interests); // each layer applied as it comes, then dropped (issue 18)
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var quiet = new WithoutWarnings(progress);
        // Walks running at once share one entry budget: a later layer's walk waits while the earlier ones hold many.
        Task<LayerContents> Walk(LayerInfo layer)
        {
            var gate = entries.Join(layer.Index);
            return Task.Run(() => LayerWalker.ReadLayerAsync(image, layer.Index, interests, LayerWalkOptions.Default, gate, quiet, stop.Token), stop.Token);
        }

        // The cache is read and written on this flow only (one SQLite connection); only walks run ahead.
        Pending Start(LayerInfo layer)
        {
            var key = CacheKeys.LayerKey(layer.DiffId);
            if (cache?.TryGet(key) is { } bytes
                && LayerContentsSerializer.ReadFor(bytes) is { } readFor && CacheKeys.Covers(readFor, needed))
                return new Pending(layer, key, bytes, null);
            return new Pending(layer, key, null, Walk(layer));
        }

        // The layers started and not yet applied, in order: at most walksInFlight of them (cached ones hold their
        // record's bytes, so they count too). A zstd layer's decoder holds its whole window (8 MiB and more), so two
        // zstd walks never run at once: a zstd layer waits until no other zstd walk is running.
        var ahead = new Queue<Pending>();
        var started = 0;
        bool ZstdWalkRunning() => ahead.Any(p => p.Read is { IsCompleted: false } && p.Layer.Compression == LayerCompression.Zstd);
        void StartMore()
        {
            while (ahead.Count < walksInFlight && started < image.Layers.Count)
            {
                var next = image.Layers[started];
                if (next.Compression == LayerCompression.Zstd && ZstdWalkRunning()) return;
                ahead.Enqueue(Start(next));
                started++;
            }
        }

        StartMore();
        try
        {
            while (ahead.TryPeek(out var current))
            {
                var layer = current.Layer;
                var cached = current.Cached is { } bytes ? LayerContentsSerializer.Read(bytes, layer.Index) : null;
                // A record that passed the interests check but does not decode is read again, as before.
                LayerContents? read;
                try
                {
                    read = cached is null ? await (current.Read ?? Walk(layer)) : null;
                }
                catch
                {
                    entries.Applied(layer.Index);
                    throw;
                }
                ahead.Dequeue();
                if (cached is not null)
                {
                    StartMore();
                    progress.Report("layers", $"layer {layer.Index + 1}/{image.Layers.Count} {layer.Descriptor.Digest} (cached)", layer.Descriptor.Size, layer.Descriptor.Size);
                    squash.Apply(cached);
                    MemoryTrace.Log($"layer {layer.Index} applied (cached)");
                    continue;
                }
                StartMore();
                cache?.Put(current.Key, LayerContentsSerializer.WriteChunked(read!, needed));
                squash.Apply(read!);
                read = null;
                entries.Applied(layer.Index);
                MemoryTrace.Log($"layer {layer.Index} applied");
            }
        }
        finally
        {
            // A failure (or cancellation) leaves no walk running behind the scan.
            var running = ahead.Select(p => p.Read).OfType<Task<LayerContents>>().Where(t => !t.IsCompleted).ToArray();
            if (running.Length > 0)
            {
                await stop.CancelAsync();
                await ((Task)Task.WhenAll(running)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        var view = squash.Build();
        MemoryTrace.Log("view built");
        return view;
    }

    /// <summary>A layer whose turn has not come: its cache record, or the walk that reads it.</summary>
    private sealed record Pending(LayerInfo Layer, string Key, byte[]? Cached, Task<LayerContents>? Read);

    /// <summary>Progress for the layer walk: its warnings reach the report as coverage gaps (and stderr once, from there).</summary>
    private sealed class WithoutWarnings(IProgressSink inner) : IProgressSink
    {
        public void Report(string stage, string item, long done, long? total) => inner.Report(stage, item, done, total);

        public void Warn(string message)
        {
        }
    }
}
