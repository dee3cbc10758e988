using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Scanning.Cache;

namespace Drydock.Scanning.Pipeline;

/// <summary>The layer stage: each layer from the cache when a record of it covers this run, else read once.</summary>
internal static class LayerReader
{
    /// <summary>
    /// Each layer from the cache when a record of its diff id was read for at least this run's interests
    /// (<paramref name="needed"/>), else read once and stored as read for exactly <paramref name="needed"/>, replacing
    /// the record that fell short. Replacing rather than merging: the walk only kept what this run's interests wanted, so
    /// the new record can only claim those (a record of another analyzer version must not be claimed either); the runs
    /// of one install form a chain (sbom ⊂ image), so the record settles on the widest one.
    /// </summary>
    public static async Task<FileSystemView> ReadAsync(IImage image, IReadOnlyList<IFileInterest> interests, IReadOnlyList<string> needed,
        Func<ILayerRecordCache>? openCache, IProgressSink progress, CancellationToken ct)
    {
        using var cache = openCache?.Invoke();
        var squash = new FileSystemBuilder(interests); // each layer applied as it comes, then dropped (issue 18)
        foreach (var layer in image.Layers)
        {
            var key = CacheKeys.LayerKey(layer.DiffId);
            if (cache?.TryGet(key) is { } bytes
                && LayerContentsSerializer.ReadFor(bytes) is { } readFor && CacheKeys.Covers(readFor, needed)
                && LayerContentsSerializer.Read(bytes, layer.Index) is { } cached)
            {
                progress.Report("layers", $"layer {layer.Index + 1}/{image.Layers.Count} {layer.Descriptor.Digest} (cached)", layer.Descriptor.Size, layer.Descriptor.Size);
                squash.Apply(cached);
                continue;
            }
            var read = await LayerWalker.ReadLayerAsync(image, layer.Index, interests, LayerWalkOptions.Default, new WithoutWarnings(progress), ct);
            cache?.Put(key, LayerContentsSerializer.WriteChunked(read, needed));
            squash.Apply(read);
        }
        return squash.Build();
    }

    /// <summary>Progress for the layer walk: its warnings reach the report as coverage gaps (and stderr once, from there).</summary>
    private sealed class WithoutWarnings(IProgressSink inner) : IProgressSink
    {
        public void Report(string stage, string item, long done, long? total) => inner.Report(stage, item, done, total);

        public void Warn(string message)
        {
        }
    }
}
