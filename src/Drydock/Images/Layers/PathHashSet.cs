namespace Drydock.Images.Layers;

/// <summary>
/// Collects the <see cref="FileSystem.PathHash"/>es of a layer's unlisted entries in fixed chunks below the large object
/// heap, then copies them once into an exact, sorted array: peak memory is twice the hashes (16 bytes an entry), where
/// a doubling list held up to three times that while it grew and again while it was copied out.
/// </summary>
internal sealed class PathHashSet
{
    private const int ChunkLength = 8192; // 64 KiB: under the 85,000-byte large-object threshold

    private readonly List<ulong[]> _chunks = [];
    private int _inLast = ChunkLength;

    public long Count => _chunks.Count == 0 ? 0 : ((long)(_chunks.Count - 1) * ChunkLength) + _inLast;

    public void Add(ulong hash)
    {
        if (_inLast == ChunkLength)
        {
            _chunks.Add(new ulong[ChunkLength]);
            _inLast = 0;
        }
        _chunks[^1][_inLast++] = hash;
    }

    /// <summary>Every hash added, sorted (for binary search), in an array of exactly <see cref="Count"/>; the chunks are released.</summary>
    public ulong[] ToSortedArray()
    {
        var all = new ulong[Count];
        var at = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var n = i == _chunks.Count - 1 ? _inLast : ChunkLength;
            _chunks[i].AsSpan(0, n).CopyTo(all.AsSpan(at));
            at += n;
        }
        _chunks.Clear();
        _inLast = ChunkLength;
        Array.Sort(all);
        return all;
    }
}
