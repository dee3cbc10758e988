namespace Drydock.Images.Layers;

/// <summary>
/// Collects the <see cref="FileSystem.PathHash"/>es of a layer's unlisted entries in fixed chunks below the large object
/// heap and sorts each chunk in place (<see cref="Build"/>): the hashes are held once, 8 bytes an entry, where copying
/// them into one sorted array held them twice (16 MB for a million files) and put 8 MB on the large object heap.
/// </summary>
internal sealed class PathHashSet
{
    private readonly List<ulong[]> _chunks = [];
    private int _inLast = UnlistedPathSet.RunLength;

    public long Count => _chunks.Count == 0 ? 0 : ((long)(_chunks.Count - 1) * UnlistedPathSet.RunLength) + _inLast;

    public void Add(ulong hash)
    {
        if (_inLast == UnlistedPathSet.RunLength)
        {
            _chunks.Add(new ulong[UnlistedPathSet.RunLength]);
            _inLast = 0;
        }
        _chunks[^1][_inLast++] = hash;
    }

    /// <summary>Every hash added, as sorted runs (the last one cut to its length); the set is empty afterwards.</summary>
    public UnlistedPathSet Build()
    {
        if (_chunks.Count > 0 && _inLast < UnlistedPathSet.RunLength) _chunks[^1] = _chunks[^1][.._inLast];
        foreach (var chunk in _chunks) Array.Sort(chunk);
        var built = UnlistedPathSet.FromSortedRuns(_chunks);
        _chunks.Clear();
        _inLast = UnlistedPathSet.RunLength;
        return built;
    }
}
