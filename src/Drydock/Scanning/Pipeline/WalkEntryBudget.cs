using Drydock.Images.Layers;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// One entry budget for the layer walks that run at once (<see cref="LayerReader"/>): a walk whose layer comes later
/// waits while the entries read by the walks before it and by itself pass <see cref="MaxEntries"/>, until every earlier
/// layer has been applied. The earliest walk never waits, so the scan always moves on. Small layers still walk two at
/// once (issue 17); two layers of a million files are not alive together (issue 18: ≤ 128 MB for 5 × 1M files).
/// </summary>
internal sealed class WalkEntryBudget(long maxEntries)
{
    /// <summary>Entries the walks running at once may hold together before a later one waits: ~3 MB of path hashes.</summary>
    public const long DefaultMaxEntries = 262_144;

    private readonly object _lock = new();
    private readonly SortedDictionary<int, long> _read = []; // layer index → entries its walk has read (walks not yet applied)

    public long MaxEntries => maxEntries;

    /// <summary>How many times a walk had to wait (tests).</summary>
    public int Waits { get; private set; }

    /// <summary>The gate for the walk of layer <paramref name="index"/>; it counts until <see cref="Applied"/>.</summary>
    public IWalkGate Join(int index)
    {
        lock (_lock) _read[index] = 0;
        return new Gate(this, index);
    }

    /// <summary>Layer <paramref name="index"/> was applied (or its walk failed): its entries leave the budget.</summary>
    public void Applied(int index)
    {
        lock (_lock)
        {
            if (_read.Remove(index)) Monitor.PulseAll(_lock);
        }
    }

    private void Entries(int index, int read, CancellationToken ct)
    {
        lock (_lock)
        {
            _read[index] = read;
            var counted = false;
            while (MustWait(index))
            {
                if (!counted)
                {
                    Waits++;
                    counted = true;
                }
                // Woken by Applied; the timeout lets a cancelled scan stop a waiting walk.
                Monitor.Wait(_lock, 100);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    private bool MustWait(int index)
    {
        long before = 0;
        var earlier = false;
        foreach (var (other, read) in _read)
        {
            if (other == index) return earlier && before + read > maxEntries;
            earlier = true;
            before += read;
        }
        return false;
    }

    private sealed class Gate(WalkEntryBudget budget, int index) : IWalkGate
    {
        public void Entries(int read, CancellationToken cancellationToken) => budget.Entries(index, read, cancellationToken);
    }
}
