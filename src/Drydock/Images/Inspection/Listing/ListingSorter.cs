namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// An external merge sort of the listing's lines (<see cref="ListingRecord.Compare"/>): lines are buffered, each full
/// buffer of <see cref="RunLength"/> is sorted and written as a run under <see cref="DrydockTemp"/>, and
/// <see cref="Merge"/> reads the runs together, so memory is one buffer plus a small read buffer per run.
/// </summary>
internal sealed class ListingSorter : IDisposable
{
    /// <summary>Lines per run: a few MB of records in memory.</summary>
    internal const int RunLength = 32 * 1024;

    private readonly List<ListingRecord> _buffer = [];
    private readonly List<LayerSpill> _runs = [];

    /// <summary>Lines added so far (the next line's <see cref="ListingRecord.Id"/>).</summary>
    public long Count { get; private set; }

    public long Add(ListingRecord record)
    {
        _buffer.Add(record with { Id = Count });
        if (_buffer.Count == RunLength) WriteRun();
        return Count++;
    }

    /// <summary>Every line in order (several for a path when it was both an entry and a created directory).</summary>
    public IEnumerable<ListingRecord> Merge()
    {
        if (_runs.Count == 0)
        {
            _buffer.Sort(ListingRecord.Compare);
            foreach (var record in _buffer) yield return record;
            yield break;
        }
        if (_buffer.Count > 0) WriteRun();
        var cursors = _runs.Select(r => r.ReadForward().GetEnumerator()).ToList();
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
        var run = new LayerSpill();
        foreach (var record in _buffer) run.Append(record);
        _runs.Add(run);
        _buffer.Clear();
    }

    public void Dispose()
    {
        foreach (var run in _runs) run.Dispose();
        _runs.Clear();
    }
}
