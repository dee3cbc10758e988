namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// An external merge sort of the listing's lines (<see cref="ListingRecord.Compare"/>): lines are buffered, each full
/// buffer of <c>runLength</c> lines is sorted and written as a run under <see cref="DrydockTemp"/> (its write buffer
/// released once written), and <see cref="Merge"/> reads at most <c>fanIn</c> runs at once: while there are more, it
/// first merges groups of <c>fanIn</c> into longer runs (a pass). Memory is one buffer of lines plus one 16 KiB block
/// per run being read (<see cref="Buffers"/> counts them), whatever the number of lines.
/// </summary>
internal sealed class ListingSorter : IDisposable
{
    /// <summary>Lines per run: a few MB of records in memory.</summary>
    internal const int RunLength = 32 * 1024;

    /// <summary>Runs read at once by one merge.</summary>
    internal const int DefaultFanIn = 32;

    private const int RunBlockBytes = 16 * 1024;

    private readonly List<ListingRecord> _buffer = [];
    private List<LayerSpill> _runs = [];
    private readonly int _runLength;
    private readonly int _fanIn;

    public ListingSorter(int runLength = RunLength, int fanIn = DefaultFanIn)
    {
        if (runLength < 1 || fanIn < 2) throw new ArgumentOutOfRangeException(nameof(fanIn), "a run holds a line and a merge reads two runs at least");
        _runLength = runLength;
        _fanIn = fanIn;
    }

    /// <summary>Lines added so far (the next line's <see cref="ListingRecord.Id"/>).</summary>
    public long Count { get; private set; }

    /// <summary>The block buffers the runs hold now and at most so far.</summary>
    internal BufferCount Buffers { get; } = new();

    /// <summary>Merge passes made before the last one (0 while the runs fit in one merge).</summary>
    internal int Passes { get; private set; }

    public long Add(ListingRecord record)
    {
        _buffer.Add(record with { Id = Count });
        if (_buffer.Count == _runLength) WriteRun();
        return Count++;
    }

    /// <summary>Every line in order (several for a path when it was both an entry and a created directory).</summary>
    public IEnumerable<ListingRecord> Merge()
    {
        if (_runs.Count == 0)
        {
            _buffer.Sort(ListingRecord.Compare);
            return _buffer;
        }
        if (_buffer.Count > 0) WriteRun();
        while (_runs.Count > _fanIn) MergePass();
        return MergeRuns(_runs);
    }

    // Each group of fanIn runs becomes one run; the inputs are deleted as soon as their group is written.
    private void MergePass()
    {
        var merged = new List<LayerSpill>();
        try
        {
            for (var start = 0; start < _runs.Count; start += _fanIn)
            {
                var group = _runs.GetRange(start, Math.Min(_fanIn, _runs.Count - start));
                var run = new LayerSpill(RunBlockBytes, Buffers);
                merged.Add(run);
                foreach (var record in MergeRuns(group)) run.Append(record);
                run.Seal();
                foreach (var input in group) input.Dispose();
            }
        }
        catch
        {
            foreach (var run in merged) run.Dispose();
            throw;
        }
        _runs = merged;
        Passes++;
    }

    private static IEnumerable<ListingRecord> MergeRuns(List<LayerSpill> runs)
    {
        var cursors = runs.Select(r => r.ReadForward().GetEnumerator()).ToList();
        try
        {
            var queue = new PriorityQueue<int, ListingRecord>(Comparer<ListingRecord>.Create(ListingRecord.Compare));
            for (var i = 0; i < cursors.Count; i++)
            {
                if (cursors[i].MoveNext()) queue.Enqueue(i, cursors[i].Current);
            }
            while (queue.TryDequeue(out var run, out var record))
            {
                yield return record;
                if (cursors[run].MoveNext()) queue.Enqueue(run, cursors[run].Current);
            }
        }
        finally
        {
            foreach (var cursor in cursors) cursor.Dispose();
        }
    }

    private void WriteRun()
    {
        _buffer.Sort(ListingRecord.Compare);
        var run = new LayerSpill(RunBlockBytes, Buffers);
        _runs.Add(run);
        foreach (var record in _buffer) run.Append(record);
        run.Seal();
        _buffer.Clear();
    }

    public void Dispose()
    {
        foreach (var run in _runs) run.Dispose();
        _runs.Clear();
    }
}
