namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// What one applied layer did to paths (<see cref="PathFlagTable"/>'s slots: a 62-bit path hash, two flag bits) as a
/// sorted array, 8 bytes per path. A lookup starts where the key would sit if the keys were spread evenly (path hashes
/// nearly are), gallops to bracket it, then searches binary: a few probes, and correct whatever the spread.
/// </summary>
internal sealed class SortedPathFlags(ulong[] sorted)
{
    private readonly ulong[] _slots = Sort(sorted);

    public int Count => _slots.Length;

    /// <summary>The flags set for <paramref name="hash"/>; 0 when none.</summary>
    public int Get(ulong hash)
    {
        var n = _slots.Length;
        if (n == 0) return 0;
        var key = PathFlagTable.Key(hash);
        var guess = (int)Math.BigMul(key, (ulong)n, out _);
        // [lo, hi): the first slot >= key lies in it.
        int lo, hi;
        if (_slots[guess] < key)
        {
            lo = guess + 1;
            var step = 1;
            hi = lo;
            while (hi < n && _slots[hi] < key)
            {
                lo = hi + 1;
                hi = lo + step;
                step <<= 1;
            }
            hi = Math.Min(hi, n);
        }
        else
        {
            hi = guess;
            var step = 1;
            lo = hi;
            while (lo > 0 && _slots[lo - 1] >= key)
            {
                hi = lo - 1;
                lo = Math.Max(0, hi - step);
                step <<= 1;
            }
        }
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_slots[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo < n && (_slots[lo] & ~PathFlagTable.FlagBits) == key ? (int)(_slots[lo] & PathFlagTable.FlagBits) : 0;
    }

    private static ulong[] Sort(ulong[] slots)
    {
        Array.Sort(slots);
        return slots;
    }
}
