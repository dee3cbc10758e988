using System.Collections;
using Drydock.Images.FileSystem;

namespace Drydock.Images.Layers;

/// <summary>
/// The <see cref="PathHash"/>es of the paths a layer wrote entries at that no interest kept, held as sorted runs of at
/// most 8,192 hashes (64 KiB arrays, below the large object heap), so a layer of a million such paths costs its 8 MB
/// once: never one big array beside its chunks, nor a sorted copy (issue 18). <see cref="Contains"/> searches each run;
/// enumeration yields every hash once in ascending order (a merge of the runs), as the layer cache stores them.
/// </summary>
public sealed class UnlistedPathSet : IReadOnlyCollection<ulong>
{
    /// <summary>Longest run: 64 KiB, under the 85,000-byte large-object threshold.</summary>
    internal const int RunLength = 8192;

    private readonly ulong[][] _runs;

    private UnlistedPathSet(ulong[][] runs, long count) => (_runs, LongCount) = (runs, count);

    /// <summary>No paths.</summary>
    public static UnlistedPathSet Empty { get; } = new([], 0);

    /// <summary>Hashes in any order and with repeats allowed (tests, small layers); large layers build theirs with <see cref="PathHashSet"/>.</summary>
    public static UnlistedPathSet Of(IEnumerable<ulong> hashes)
    {
        var set = new PathHashSet();
        foreach (var hash in hashes) set.Add(hash);
        return set.Build();
    }

    /// <summary>Takes runs that are each sorted ascending (ownership passes; none may be empty).</summary>
    internal static UnlistedPathSet FromSortedRuns(List<ulong[]> runs) =>
        runs.Count == 0 ? Empty : new([.. runs], runs.Sum(r => (long)r.Length));

    public int Count => checked((int)LongCount);

    /// <summary>How many hashes (a path written twice in one layer counts twice).</summary>
    public long LongCount { get; }

    /// <summary>The sorted runs, in no particular order between them (squashing feeds them to a filter).</summary>
    internal IReadOnlyList<ulong[]> Runs => _runs;

    /// <summary>True when <paramref name="hash"/> is one of the layer's unlisted paths.</summary>
    public bool Contains(ulong hash)
    {
        foreach (var run in _runs)
        {
            if (hash >= run[0] && hash <= run[^1] && Array.BinarySearch(run, hash) >= 0) return true;
        }
        return false;
    }

    public IEnumerator<ulong> GetEnumerator()
    {
        // A k-way merge: at most one cursor per run is queued, so it costs a few bytes per run, not per hash.
        var queue = new PriorityQueue<(int Run, int At), ulong>(_runs.Length);
        for (var r = 0; r < _runs.Length; r++) queue.Enqueue((r, 0), _runs[r][0]);
        while (queue.TryDequeue(out var cursor, out var hash))
        {
            yield return hash;
            var run = _runs[cursor.Run];
            if (cursor.At + 1 < run.Length) queue.Enqueue((cursor.Run, cursor.At + 1), run[cursor.At + 1]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
