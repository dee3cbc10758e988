using Drydock.Images.Layers;

namespace Drydock.Images.FileSystem;

/// <summary>
/// The mutable tree that squashing builds: layers are applied bottom → top with overlay semantics (OCI image-spec
/// layer.md "Applying Changesets"): a layer's opaque markers and whiteouts act on the layers below before the layer's
/// own entries are added; a non-directory replacing a directory drops the subtree; a directory over a directory merges.
/// </summary>
internal sealed class FileSystemTree
{
    private const int DirectoryMode = 0x1ed; // 0755: what a runtime creates for a parent the tar did not list.

    private readonly Node _root = new(null, null, []) { Children = new(StringComparer.Ordinal) };
    private readonly List<string> _warnings = [];
    private readonly Func<string, bool> _keepsVersions;
    private readonly int _maxNodes;
    private readonly PathHashFilter _unlistedBelow = new();
    private UnlistedPathSet _unlistedHere = UnlistedPathSet.Empty;
    private int _nodes;

    /// <param name="keepsVersions">Paths whose lower layers' kept contents stay reachable (<see cref="IFileInterest.WantsVersions"/>).</param>
    /// <param name="maxNodes">Most entries the tree may create (<see cref="LayerWalkOptions.MaxKeptEntries"/>).</param>
    public FileSystemTree(Func<string, bool>? keepsVersions = null, int maxNodes = int.MaxValue)
    {
        _keepsVersions = keepsVersions ?? (_ => false);
        _maxNodes = maxNodes;
    }

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Applies one layer; <paramref name="keep"/> may drop an entry's content before it is added. Of the layer's
    /// unlisted path hashes only a fixed-size filter stays (<see cref="PathHashFilter"/>), for hard links in upper layers.
    /// </summary>
    /// <param name="layer">The layer, applied over those before it.</param>
    /// <param name="keep">May drop an entry's content before it is added.</param>
    /// <param name="topLayer">
    /// No layer comes after this one: its unlisted hashes are not added to the filter, which only upper layers' hard
    /// links consult (issue 17: ~25,000 hashes of a Debian base layer, 3–5 ms of a single-layer scan's tail).
    /// </param>
    public void Apply(LayerContents layer, Func<LayerEntry, int, LayerEntry>? keep = null, bool topLayer = false)
    {
        foreach (var dir in layer.OpaqueDirectories) Find(dir)?.Children?.Clear();
        foreach (var path in layer.Whiteouts) Remove(path);
        var hashes = layer.Unlisted;
        if (hashes.LongCount > 0) RemoveUnlisted(hashes);
        _unlistedHere = hashes;
        foreach (var entry in layer.Entries) Add(keep is null ? entry : keep(entry, layer.Index), layer.Index);
        if (!topLayer)
        {
            foreach (var run in hashes.Runs)
            {
                foreach (var hash in run) _unlistedBelow.Add(hash);
            }
        }
        _unlistedHere = UnlistedPathSet.Empty;
    }

    // An entry no interest kept still replaces what lower layers had at its path (a file over a kept file, or over a
    // directory and its subtree): every kept entry so far is checked against the layer's path hashes.
    private void RemoveUnlisted(UnlistedPathSet hashes)
    {
        var stack = new Stack<Node>();
        stack.Push(_root);
        List<string>? gone = null;
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var (name, child) in node.Children!)
            {
                if (hashes.Contains(PathHash.Of(child.Entry!.Path))) (gone ??= []).Add(name);
                else if (child.Children is not null) stack.Push(child);
            }
            if (gone is null) continue;
            foreach (var name in gone) node.Children.Remove(name);
            gone.Clear();
        }
    }

    // Exact for the layer being applied; for lower layers the filter may say yes for a path never written, which can
    // only leave a broken hard link unreported (an image no runtime could apply), never report a sound one.
    private bool WasUnlisted(string path)
    {
        var hash = PathHash.Of(path);
        return _unlistedHere.Contains(hash) || _unlistedBelow.MayContain(hash);
    }

    private void Count()
    {
        if (++_nodes > _maxNodes)
            throw new DrydockException($"the image keeps more than {_maxNodes} entries (directories, links and the files an "
                                       + "analyzer or control asked for); it is refused (docs/security.md \"Memory\")");
    }

    /// <summary>
    /// Every entry with its kept content (null when not kept), the kept contents lower layers wrote at its path
    /// (bottom → top, null when none were kept) and its extracts, in no particular order.
    /// </summary>
    public IEnumerable<(FileEntry Entry, ReadOnlyMemory<byte>? Content, IReadOnlyList<FileVersion>? Earlier, IReadOnlyList<FileExtract> Extracts)> Walk()
    {
        var stack = new Stack<Node>();
        stack.Push(_root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.Entry is not null) yield return (node.Entry, node.Content, node.Earlier, node.Extracts);
            if (node.Children is null) continue;
            foreach (var child in node.Children.Values) stack.Push(child);
        }
    }

    private void Add(LayerEntry layerEntry, int layerIndex)
    {
        var entry = layerEntry.Entry;
        var parent = EnsureDirectory(LayerPath.Parent(entry.Path), layerIndex);
        var name = LayerPath.FileName(entry.Path);
        parent.Children!.TryGetValue(name, out var existing);
        if (entry.Kind == FileKind.Directory)
        {
            if (existing?.Children is not null) existing.Entry = entry; // directory over directory: contents merge
            else
            {
                Count();
                parent.Children[name] = new Node(entry, null, []) { Children = new(StringComparer.Ordinal) };
            }
            return;
        }
        var content = layerEntry.Content;
        var extracts = layerEntry.Extracts;
        if (entry.Kind == FileKind.HardLink)
        {
            // The link shares the target's inode: same size and content; the target precedes it (same or lower layer).
            var target = Find(entry.LinkTarget!);
            if (target?.Entry is { Kind: FileKind.File or FileKind.HardLink } t)
            {
                entry = entry with { Size = t.Size };
                content = target.Content;
                extracts = target.Extracts;
            }
            else if (!WasUnlisted(entry.LinkTarget!))
                _warnings.Add($"layer {layerIndex}: hard link '{entry.Path}' → '{entry.LinkTarget}': no such regular file");
        }
        if (existing is null) Count();
        parent.Children[name] = new Node(entry, content, extracts) { Earlier = EarlierVersions(existing, content) };
    }

    // A file rewritten by a later layer keeps its lower kept contents when an interest asked for its versions; anything
    // else in between (no content, a directory, a whiteout) starts the list again.
    private List<FileVersion>? EarlierVersions(Node? existing, ReadOnlyMemory<byte>? content)
    {
        if (content is null || existing is not { Entry: { } old, Content: { } oldContent } || !_keepsVersions(old.Path)) return null;
        var earlier = existing.Earlier is null ? [] : new List<FileVersion>(existing.Earlier);
        earlier.Add(new FileVersion(old.LayerIndex, oldContent));
        return earlier;
    }

    private void Remove(string path)
    {
        if (path.Length == 0) return;
        Find(LayerPath.Parent(path))?.Children?.Remove(LayerPath.FileName(path));
    }

    private Node? Find(string path)
    {
        var node = _root;
        if (path.Length == 0) return node;
        foreach (var part in path.Split('/'))
        {
            if (node.Children is null || !node.Children.TryGetValue(part, out node)) return null;
        }
        return node;
    }

    // Parents a tar did not list are created as a runtime would; a non-directory in the way is replaced: each layer is
    // its own directory tree in the OCI changeset model and in Docker's overlay2, where an upper directory hides a
    // lower file or symlink of the same name. Links on the way are never followed, so no entry lands elsewhere.
    private Node EnsureDirectory(string path, int layerIndex)
    {
        var node = _root;
        if (path.Length == 0) return node;
        var start = 0;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0) end = path.Length;
            // Looked up by span: most parents exist already, so no substring is made for them.
            if (!node.Children!.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path.AsSpan(start, end - start), out var child)
                || child.Children is null)
            {
                var part = path[start..end];
                if (child?.Entry is { Kind: FileKind.Symlink } link)
                {
                    // containerd's applier would follow this link (within the root) and write under its target;
                    // say so, since the two runtimes then show different files.
                    _warnings.Add($"layer {layerIndex}: entries below '{link.Path}' replace the symlink to "
                                  + $"'{link.LinkTarget}' by a directory (overlayfs semantics)");
                }
                Count();
                child = new Node(Synthesized(path[..end], layerIndex), null, []) { Children = new(StringComparer.Ordinal) };
                node.Children[part] = child;
            }
            node = child;
            start = end + 1;
        }
        return node;
    }

    private static FileEntry Synthesized(string path, int layerIndex) =>
        new() { Path = path, Kind = FileKind.Directory, Mode = DirectoryMode, LayerIndex = layerIndex };

    private sealed class Node(FileEntry? entry, ReadOnlyMemory<byte>? content, IReadOnlyList<FileExtract> extracts)
    {
        public FileEntry? Entry { get; set; } = entry;
        public ReadOnlyMemory<byte>? Content { get; } = content;
        public List<FileVersion>? Earlier { get; init; }
        public IReadOnlyList<FileExtract> Extracts { get; } = extracts;
        public Dictionary<string, Node>? Children { get; set; }
    }
}
