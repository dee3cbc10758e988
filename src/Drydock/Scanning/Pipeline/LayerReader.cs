using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
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
    /// Layers are applied strictly in order (a layer's whiteouts reach only the layers below it); meanwhile up to
    /// <see cref="WalksInFlight"/> walks run, in the order of <see cref="WalkSchedule"/> (bottom → top, a heavy layer
    /// early), and on two or more cores one layer more than that may be read ahead of its turn, so at most
    /// <see cref="WalksInFlight"/> + 1 layers' contents plus the one being applied are alive at once; a later layer's walk waits while the earlier ones
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
        // Each walk starts on a thread of its own, not the thread pool's: a walk blocks its thread for its whole layer
        // (it reads, hashes and parses synchronously), and with the pool's threads taken (two cores: two threads until the
        // pool injects more, half a second later) the second walk waited for the first to end.
        Task<LayerContents> Walk(LayerInfo layer)
        {
            var gate = entries.Join(layer.Index);
            // The open too: an open answered asynchronously (a registry) would otherwise move the walk to the thread that
            // answered it, a thread-pool thread held for the whole layer.
            return Task.Factory.StartNew(
                () => LayerWalker.ReadLayer(image, layer.Index, interests, LayerWalkOptions.Default, gate, quiet, stop.Token),
                stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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

        // The layers started and not yet applied, by index. At most walksInFlight walks run at once, and on two or more
        // cores one more layer may be started than walks run, so that a layer read ahead of its turn (a walk that ended
        // before the one below it, or the heavy layer the schedule starts early) does not hold a core idle. Cached layers
        // count as started (they hold their record's bytes). A zstd layer's decoder holds its whole window (8 MiB and
        // more), so two zstd walks never run at once: a zstd layer waits until no other zstd walk is running.
        var ahead = new SortedList<int, Pending>();
        var schedule = new WalkSchedule(image.Layers);
        var mostStarted = walksInFlight == 1 ? 1 : walksInFlight + 1;
        int Running() => ahead.Values.Count(p => p.Read is { IsCompleted: false });
        bool ZstdWalkRunning() => ahead.Values.Any(p => p.Read is { IsCompleted: false } && p.Layer.Compression == LayerCompression.Zstd);
        void StartMore()
        {
            while (!schedule.Done && ahead.Count < mostStarted && Running() < walksInFlight)
            {
                // Out of order only while the layers before the earliest unstarted one are under way (so the next to be
                // applied is always started) and no other layer was started out of order.
                var mayJump = walksInFlight > 1 && ahead.Count > 0 && ahead.Keys[^1] < schedule.NextInOrder;
                var next = schedule.Next(mayJump);
                if (next.Compression == LayerCompression.Zstd && ZstdWalkRunning()) return;
                ahead.Add(next.Index, Start(next));
                schedule.Started(next);
            }
        }

        // Waits until layer `index` is read (or cached), starting more layers each time a walk ends.
        async Task<Pending> TurnOf(int index)
        {
            while (true)
            {
                StartMore();
                if (ahead.TryGetValue(index, out var turn) && turn.Read is not { IsCompleted: false }) return turn;
                // The layer is being read, or waits for a zstd walk to end: nothing is started out of order unless the
                // next layer to apply is under way, so some walk is running.
                var running = ahead.Values.Select(p => p.Read).OfType<Task<LayerContents>>().Where(t => !t.IsCompleted).ToArray();
                if (running.Length > 0)
                    await Task.WhenAny(running);
                else if (!ahead.ContainsKey(index)) // cannot happen: the next layer to apply is always started
                    throw new InvalidOperationException($"layer {index} was neither started nor waited for");
                // else the walks ended between the check above and this line: look again
            }
        }

        try
        {
            for (var index = 0; index < image.Layers.Count; index++)
            {
                var current = await TurnOf(index);
                var layer = current.Layer;
                var top = index == image.Layers.Count - 1; // no layer is applied after it
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
                ahead.Remove(index);
                StartMore(); // before applying: the next walk runs while this layer is squashed in and stored
                if (cached is not null)
                {
                    progress.Report("layers", $"layer {layer.Index + 1}/{image.Layers.Count} {layer.Descriptor.Digest} (cached)", layer.Descriptor.Size, layer.Descriptor.Size);
                    squash.Apply(cached, top);
                    MemoryTrace.Log($"layer {layer.Index} applied (cached)");
                    continue;
                }
                cache?.Put(current.Key, LayerContentsSerializer.WriteChunked(read!, needed));
                squash.Apply(read!, top);
                read = null;
                entries.Applied(layer.Index);
                MemoryTrace.Log($"layer {layer.Index} applied");
            }
        }
        finally
        {
            // A failure (or cancellation) leaves no walk running behind the scan.
            var running = ahead.Values.Select(p => p.Read).OfType<Task<LayerContents>>().Where(t => !t.IsCompleted).ToArray();
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

    /// <summary>
    /// The layers the layer stage starts first when none is cached, known from the manifest's descriptors alone
    /// (before the config is read): the first <see cref="WalksInFlight"/> starts of its <see cref="WalkSchedule"/>.
    /// </summary>
    public static IReadOnlyList<int> FirstWalks(IReadOnlyList<Descriptor> layers) => FirstWalks(layers, WalksInFlight);

    internal static IReadOnlyList<int> FirstWalks(IReadOnlyList<Descriptor> layers, int walksInFlight)
    {
        var infos = layers.Select((d, i) => new LayerInfo(i, d, default, LayerCompressions.FromMediaType(d.MediaType) ?? LayerCompression.None)).ToList();
        var schedule = new WalkSchedule(infos);
        var first = new List<int>();
        while (!schedule.Done && first.Count < walksInFlight)
        {
            // As StartMore: out of order only once the layers below the earliest unstarted one are under way; one zstd walk at a time.
            var next = schedule.Next(mayJump: first.Count > 0 && first.Max() < schedule.NextInOrder);
            if (next.Compression == LayerCompression.Zstd && first.Any(i => infos[i].Compression == LayerCompression.Zstd)) break;
            first.Add(next.Index);
            schedule.Started(next);
        }
        return first;
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
