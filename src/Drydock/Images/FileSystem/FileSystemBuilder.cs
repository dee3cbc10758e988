using Drydock.Images.Layers;

namespace Drydock.Images.FileSystem;

/// <summary>
/// Squashes layers into a <see cref="FileSystemView"/> one at a time, bottom → top, as they are read or come from a
/// cache, so a layer's record (its entries, whiteouts and the hashes of its unlisted paths) is dropped once applied:
/// memory follows what the interests kept, not the image's file count or layer count (issue 18). Bounds for the whole
/// image (<see cref="LayerWalkOptions"/>, docs/limits.md): entries read over all layers (past it a
/// <see cref="DrydockException"/>), entries kept, and content kept (past it a file's content is dropped with a warning).
/// </summary>
public sealed class FileSystemBuilder
{
    private readonly FileSystemTree _tree;
    private readonly LayerWalkOptions _options;
    private readonly List<Digest> _diffIds = [];
    private readonly List<string> _warnings = [];
    private long _entriesRead;
    private long _contentKept;

    public FileSystemBuilder(IReadOnlyList<IFileInterest>? interests = null, LayerWalkOptions? options = null)
    {
        _options = options ?? LayerWalkOptions.Default;
        _tree = new FileSystemTree(interests is { Count: > 0 } i ? path => i.Any(x => x.WantsVersions(path)) : null, _options.MaxKeptEntries);
    }

    /// <summary>Warnings of the layers applied so far (as each layer reported them), then what squashing found.</summary>
    public IReadOnlyList<string> Warnings => [.. _warnings, .. _tree.Warnings];

    /// <summary>
    /// Applies the next layer up (its whiteouts before its own entries); the builder keeps no reference to it.
    /// <paramref name="topLayer"/> says no layer will be applied after it, so what only later layers would consult is
    /// not built.
    /// </summary>
    public void Apply(LayerContents layer, bool topLayer = false)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _entriesRead += layer.EntriesRead;
        if (_entriesRead > _options.MaxEntriesPerImage)
            throw new DrydockException($"layer {layer.Index} ({layer.DiffId}): the image holds more than {_options.MaxEntriesPerImage} "
                                       + "entries over all its layers; it is refused (docs/limits.md)");
        _diffIds.Add(layer.DiffId);
        _warnings.AddRange(layer.Warnings);
        _tree.Apply(layer, KeepWithinTotal, topLayer);
        if (layer.EntriesRead >= LargeLayerEntries) CollectLayerGarbage();
    }

    /// <summary>A layer of this many entries leaves tens of MB of large arrays behind (path hashes, its cache record).</summary>
    internal const long LargeLayerEntries = 250_000;

    // Those arrays live on the large object heap, which only a full collection frees and which is not compacted by
    // default: left to the GC's own pace, each large layer's arrays were still held while the next layer allocated
    // its own, so five layers of a million files peaked 50 MB above one (bench/README.md). One full, compacting
    // collection per such layer (tens of ms against seconds of reading) keeps the peak at about one layer's worth.
    private static void CollectLayerGarbage()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>The view of the layers applied so far.</summary>
    public FileSystemView Build() => FileSystemView.FromTree(_tree, _diffIds, Warnings);

    // Each layer's read holds its kept contents to the total bound, but layers read one by one (each with its own
    // budget) or from a cache could together keep more: the view itself holds the total too.
    private LayerEntry KeepWithinTotal(LayerEntry entry, int layerIndex)
    {
        if (entry.Content is null && entry.Extracts.Count == 0) return entry;
        var bytes = (entry.Content?.Length ?? 0) + entry.Extracts.Sum(x => (long)x.Data.Length);
        if (bytes <= _options.MaxTotalContentBytes - _contentKept)
        {
            _contentKept += bytes;
            return entry;
        }
        _warnings.Add($"layer {layerIndex}: '{entry.Entry.Path}' not kept: kept contents would exceed "
                      + BoundedReadStream.Format(_options.MaxTotalContentBytes));
        return entry with { Content = null, Extracts = [] };
    }
}
