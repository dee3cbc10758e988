using System.Collections;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;

namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// The squashed file list of <c>inspect --list-files</c> in bounded memory (issue 18). Layers are read top → bottom,
/// each streamed into a temp file (<see cref="LayerSpill"/>) and, once verified, applied last entry first, so that
/// everything applied before an entry is what happened after it in the image. An entry is listed unless a later one
/// decided its path (an entry or a whiteout there) or cut an ancestor (a non-directory, a whiteout, an opaque marker);
/// what each layer did is kept only as 8-byte path hashes (<see cref="PathFlagTable"/> while the layer is applied,
/// <see cref="SortedPathFlags"/> after), directories a runtime would
/// create under an upper entry as a small map. Lines go through an external sort (<see cref="ListingSorter"/>), so the
/// output is what squashing the whole tree gives (<see cref="FileSystemView"/>): ordinal by path, same entries, same
/// hard-link sizes and warnings. Memory: 8 bytes per entry of every layer above the one being applied, 11.5 bytes per
/// entry of that one, plus a few MB (the sort's line buffer and at most 32 runs' 16 KiB blocks).
/// </summary>
public sealed class SquashedListing : IEnumerable<InspectedFile>, IDisposable
{
    private const int CreatedDirectoryMode = 0x1ed; // 0755, as FileSystemTree creates missing parents

    private readonly List<SortedPathFlags> _tables = [];
    private readonly Dictionary<ulong, int> _created = [];
    private readonly Dictionary<ulong, List<LinkQuery>> _links = [];
    private readonly Dictionary<ulong, int> _linkAncestors = [];
    private readonly Dictionary<long, long> _linkSizes = [];
    private readonly List<(int Layer, string Message)> _warnings = [];
    private readonly ListingSorter _sorter = new();
    private readonly LayerWalkOptions _options;
    private PathFlagTable _current = new(0);
    private bool _rootCut;
    private int _pendingLinks;
    private string? _cachedParent;
    private bool _cachedParentHidden;

    private SquashedListing(LayerWalkOptions options) => _options = options;

    /// <summary>Warnings of squashing (broken hard links, symlinks replaced by directories), bottom layer first.</summary>
    public IReadOnlyList<string> Warnings => [.. _warnings.OrderBy(w => w.Layer).Select(w => w.Message)];

    /// <summary>Reads every layer of <paramref name="image"/> (each verified as any walk does) and lists the result.</summary>
    public static async Task<SquashedListing> ReadAsync(
        IImage image, LayerWalkOptions options, IProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(progress);
        var listing = new SquashedListing(options);
        try
        {
            long entries = 0;
            for (var index = image.Layers.Count - 1; index >= 0; index--)
            {
                using var stream = new LayerStream(index);
                var contents = await LayerWalker.ReadLayerAsync(image, index, [stream], options, progress, cancellationToken);
                entries += contents.EntriesRead;
                if (entries > options.MaxEntriesPerImage)
                    throw new DrydockException($"{LayerWalker.LayerName(image, image.Layers[index])}: the image holds more than "
                                               + $"{options.MaxEntriesPerImage} entries over all its layers; it is refused (docs/limits.md)");
                listing.Apply(stream, index, cancellationToken);
            }
            listing.Finish();
            foreach (var warning in listing.Warnings) progress.Warn(warning);
            return listing;
        }
        catch
        {
            listing.Dispose();
            throw;
        }
    }

    private void Apply(LayerStream layer, int index, CancellationToken cancellationToken)
    {
        _current = new PathFlagTable(layer.Entries.Count + layer.Whiteouts.Count);
        _cachedParent = null;
        var n = 0;
        foreach (var record in layer.Entries.ReadBackward())
        {
            if ((++n & 0xfff) == 0) cancellationToken.ThrowIfCancellationRequested();
            ApplyEntry(record);
        }
        var rootCut = false;
        foreach (var record in layer.Whiteouts.ReadForward())
        {
            var hash = PathHash.Of(record.Path);
            if (record.Op == ListingOp.Opaque)
            {
                BreakLinksBelow(record.Path);
                if (record.Path.Length == 0) rootCut = true;
                _current.Add(hash, PathFlagTable.Cut);
                continue;
            }
            BreakLinks(hash, record.Path);
            BreakLinksBelow(record.Path);
            _current.Add(hash, PathFlagTable.Decided | PathFlagTable.Cut);
        }
        _rootCut |= rootCut;
        // The bottom layer's table is never asked: nothing lies below it. The others stay as 8 bytes per path.
        if (index > 0) _tables.Add(_current.Freeze());
        _current = new PathFlagTable(0);
    }

    private void ApplyEntry(ListingRecord record)
    {
        var path = record.Path;
        var hidden = _rootCut || AncestorsHidden(path, record.Layer);
        var hash = PathHash.Of(path);
        var flags = Flags(hash);
        List<LinkQuery>? chained = null;
        if (_links.Count > 0)
        {
            chained = ResolveLinks(hash, record);
            // Entries below a link's target made it a directory; a non-directory here removed what was below it.
            BreakLinksAtAncestors(path);
            if (record.Kind != FileKind.Directory) BreakLinksBelow(path);
        }
        long id = -1;
        if (!hidden && (flags & PathFlagTable.Decided) == 0)
        {
            if (!_created.TryGetValue(hash, out var createdAt)) id = _sorter.Add(record);
            else if (record.Kind == FileKind.Directory) id = _sorter.Add(record); // it is there when the upper entry comes: kept
            else if (record.Kind == FileKind.Symlink)
                _warnings.Add((createdAt, $"layer {createdAt}: entries below '{path}' replace the symlink to '{record.LinkTarget}' by a directory (overlayfs semantics)"));
        }
        if (record.Kind == FileKind.HardLink)
        {
            // The link's own parents are made before its target is looked up: a target above the link is a directory.
            var aboveItself = record.LinkTarget!.Length < path.Length && IsAncestorOrSelf(record.LinkTarget, path);
            foreach (var query in (IEnumerable<LinkQuery>)[new LinkQuery(id, record.Layer, path, record.LinkTarget), .. chained ?? []])
            {
                if (aboveItself) Broken(query);
                else AddLink(record.LinkTarget, query);
            }
        }
        _current.Add(hash, PathFlagTable.Decided | (record.Kind == FileKind.Directory ? 0 : PathFlagTable.Cut));
        if (record.Kind != FileKind.Directory && _cachedParent is not null && IsAncestorOrSelf(path, _cachedParent)) _cachedParent = null;
    }

    // Walks the ancestors root → parent: each not yet decided is a directory a runtime creates for this entry (at this
    // layer unless a lower one does it too); the first with a cut hides the entry. Entries of one directory come
    // together, so the answer for the last parent is reused until an entry of this layer cuts it.
    private bool AncestorsHidden(string path, int layer)
    {
        var slash = path.LastIndexOf('/');
        if (slash < 0) return false;
        var parent = path.AsSpan(0, slash);
        if (_cachedParent is not null && parent.SequenceEqual(_cachedParent)) return _cachedParentHidden;
        var hidden = false;
        var hash = 14695981039346656037UL; // PathHash.Of, computed prefix by prefix
        for (var i = 0; i <= slash; i++)
        {
            if (i < slash && path[i] != '/')
            {
                hash = (hash ^ path[i]) * 1099511628211UL;
                continue;
            }
            var flags = Flags(hash);
            if ((flags & PathFlagTable.Decided) == 0 && (!_created.TryGetValue(hash, out var at) || at > layer))
            {
                _created[hash] = layer;
                _sorter.Add(new ListingRecord(ListingOp.Entry, FileKind.Directory, CreatedDirectoryMode, 0, 0, 0, null, layer, path[..i], Rank: 1));
            }
            if ((flags & PathFlagTable.Cut) != 0)
            {
                hidden = true;
                break;
            }
            if (i < slash) hash = (hash ^ '/') * 1099511628211UL;
        }
        _cachedParent = parent.ToString();
        _cachedParentHidden = hidden;
        return hidden;
    }

    private static bool IsAncestorOrSelf(string path, string of) =>
        of.StartsWith(path, StringComparison.Ordinal) && (of.Length == path.Length || of[path.Length] == '/');

    private int Flags(ulong hash)
    {
        var flags = _current.Get(hash);
        for (var i = _tables.Count - 1; i >= 0 && flags != (PathFlagTable.Decided | PathFlagTable.Cut); i--) flags |= _tables[i].Get(hash);
        return flags;
    }

    // A hard link shows its target's size: the target as it was when the link was applied, i.e. the first entry at the
    // target path met after the link in this top-down order, unless something met before it removed the target or put
    // entries below it. A link to a link waits for that one's own target.
    private void AddLink(string target, LinkQuery query)
    {
        if (++_pendingLinks > _options.MaxKeptEntries)
            throw new DrydockException($"the image holds more than {_options.MaxKeptEntries} hard links waiting for their targets; it is refused (docs/security.md \"Memory\")");
        var hash = PathHash.Of(target);
        if (!_links.TryGetValue(hash, out var waiting)) _links[hash] = waiting = [];
        waiting.Add(query with { Target = target });
        foreach (var ancestor in AncestorHashes(target)) _linkAncestors[ancestor] = _linkAncestors.GetValueOrDefault(ancestor) + 1;
    }

    private void Done(LinkQuery query)
    {
        _pendingLinks--;
        foreach (var ancestor in AncestorHashes(query.Target))
        {
            if (--_linkAncestors[ancestor] == 0) _linkAncestors.Remove(ancestor);
        }
    }

    // The links waiting for this entry; those it answers are done, those that wait on for a link's own target returned.
    private List<LinkQuery>? ResolveLinks(ulong hash, ListingRecord target)
    {
        if (!_links.Remove(hash, out var waiting)) return null;
        List<LinkQuery>? chained = null;
        foreach (var query in waiting)
        {
            Done(query);
            if (query.Target != target.Path) AddLink(query.Target, query); // another path with the same hash
            else if (target.Kind == FileKind.File)
            {
                if (query.Id >= 0) _linkSizes[query.Id] = target.Size;
            }
            else if (target.Kind == FileKind.HardLink) (chained ??= []).Add(query);
            else Broken(query);
        }
        return chained;
    }

    private void BreakLinks(ulong hash, string path)
    {
        if (_links.Count == 0 || !_links.Remove(hash, out var waiting)) return;
        foreach (var query in waiting)
        {
            Done(query);
            if (query.Target != path) AddLink(query.Target, query);
            else Broken(query);
        }
    }

    private void BreakLinksAtAncestors(string path)
    {
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            var ancestor = path[..slash];
            BreakLinks(PathHash.Of(ancestor), ancestor);
        }
    }

    // Links whose target is strictly below path ("" = the root: every link).
    private void BreakLinksBelow(string path)
    {
        if (_links.Count == 0 || (path.Length > 0 && !_linkAncestors.ContainsKey(PathHash.Of(path)))) return;
        foreach (var (hash, waiting) in _links.ToList())
        {
            var below = waiting.Where(q => path.Length == 0 || IsAncestorOrSelf(path, q.Target) && q.Target.Length > path.Length).ToList();
            if (below.Count == 0) continue;
            waiting.RemoveAll(below.Contains);
            if (waiting.Count == 0) _links.Remove(hash);
            foreach (var query in below)
            {
                Done(query);
                Broken(query);
            }
        }
    }

    private static IEnumerable<ulong> AncestorHashes(string path)
    {
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1)) yield return PathHash.Of(path.AsSpan(0, slash));
    }

    private void Broken(LinkQuery query) =>
        _warnings.Add((query.Layer, $"layer {query.Layer}: hard link '{query.Path}' → '{query.OriginalTarget}': no such regular file"));

    private void Finish()
    {
        foreach (var query in _links.Values.SelectMany(q => q)) Broken(query);
        _links.Clear();
        _tables.Clear();
        _created.Clear();
        _current = new PathFlagTable(0);
    }

    /// <summary>The listing, ordinal by path; enumerate once per need (it is read back from the temp files each time).</summary>
    public IEnumerator<InspectedFile> GetEnumerator()
    {
        string? last = null;
        foreach (var r in _sorter.Merge())
        {
            if (r.Path == last) continue; // an entry before a created directory, the lowest layer's creation first
            last = r.Path;
            yield return new InspectedFile
            {
                Path = r.Path,
                Mode = FileModes.Format(r.Kind, r.Mode),
                Uid = r.Uid,
                Gid = r.Gid,
                Size = r.Kind == FileKind.HardLink ? _linkSizes.GetValueOrDefault(r.Id, r.Size) : r.Size,
                LinkTarget = r.LinkTarget,
                Layer = r.Layer,
            };
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _sorter.Dispose();

    private sealed record LinkQuery(long Id, int Layer, string Path, string Target)
    {
        public string OriginalTarget { get; init; } = Target;
    }

    // One layer as it streams: its entries in tar order, its whiteouts and opaque markers apart (they act before them).
    private sealed class LayerStream(int index) : ILayerEntryStream, IDisposable
    {
        public LayerSpill Entries { get; } = new();
        public LayerSpill Whiteouts { get; } = new();

        public bool Wants(string path, long size, int mode) => false;

        public void Entry(FileEntry entry) => Entries.Append(ListingRecord.Of(entry) with { Layer = index });

        public void Whiteout(string path) => Whiteouts.Append(new ListingRecord(ListingOp.Whiteout, FileKind.File, 0, 0, 0, 0, null, index, path));

        public void Opaque(string directory) => Whiteouts.Append(new ListingRecord(ListingOp.Opaque, FileKind.Directory, 0, 0, 0, 0, null, index, directory));

        public void Dispose()
        {
            Entries.Dispose();
            Whiteouts.Dispose();
        }
    }
}
