namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// What one layer did to paths, by <see cref="FileSystem.PathHash"/>, for the layers below it: an open-addressing set
/// of 8-byte slots sized once for the layer's record count (no growth, so no copy), each slot a hash whose two low bits
/// hold the flags (so 62 bits of hash remain). About 11.5 bytes per entry of the layer while the layer is applied;
/// <see cref="Freeze"/> then keeps 8 bytes per path (<see cref="SortedPathFlags"/>) for the layers below, and
/// <see cref="Reset"/> reuses the same slot array for the next layer (one large array for the whole image, not one of
/// garbage per layer: the large-object heap would otherwise hold the dead ones until a full collection).
/// </summary>
internal sealed class PathFlagTable
{
    /// <summary>The path itself is decided by this layer: an entry or a whiteout; lower entries there are hidden.</summary>
    public const int Decided = 1;

    /// <summary>Lower entries below the path are hidden: a non-directory, a whiteout or an opaque marker.</summary>
    public const int Cut = 2;

    internal const ulong FlagBits = 3;

    private ulong[] _slots = [];
    private int _length;

    public PathFlagTable(long records) => Reset(records);

    /// <summary>Empties the table for a layer of <paramref name="records"/>, reusing the slot array when it is large enough.</summary>
    public void Reset(long records)
    {
        var size = (records * 10 / 7) + 8;
        if (size > Array.MaxLength) throw new DrydockException($"a layer of {records} records is too large to list");
        _length = (int)size;
        if (_slots.Length < _length)
        {
            _slots = []; // the smaller array is garbage before the larger one is allocated, not alongside it
            _slots = new ulong[_length];
        }
        else Array.Clear(_slots, 0, _length);
    }

    public void Add(ulong hash, int flags)
    {
        var key = Key(hash);
        for (var i = Slot(key); ; i = i + 1 == _length ? 0 : i + 1)
        {
            var slot = _slots[i];
            if (slot == 0)
            {
                _slots[i] = key | (uint)flags;
                return;
            }
            if ((slot & ~FlagBits) == key)
            {
                _slots[i] = slot | (uint)flags;
                return;
            }
        }
    }

    /// <summary>The flags set for <paramref name="hash"/>; 0 when none.</summary>
    public int Get(ulong hash)
    {
        var key = Key(hash);
        for (var i = Slot(key); ; i = i + 1 == _length ? 0 : i + 1)
        {
            var slot = _slots[i];
            if (slot == 0) return 0;
            if ((slot & ~FlagBits) == key) return (int)(slot & FlagBits);
        }
    }

    /// <summary>The same paths and flags as a sorted array of 8 bytes per path; the table itself is free for <see cref="Reset"/>.</summary>
    public SortedPathFlags Freeze()
    {
        var slots = _slots.AsSpan(0, _length);
        var used = 0;
        foreach (var slot in slots)
        {
            if (slot != 0) used++;
        }
        var sorted = new ulong[used];
        used = 0;
        foreach (var slot in slots)
        {
            if (slot != 0) sorted[used++] = slot;
        }
        return new SortedPathFlags(sorted);
    }

    // Hash 0 (after masking) would read as an empty slot; it shares a key with 4 instead.
    internal static ulong Key(ulong hash) => (hash & ~FlagBits) is var key && key == 0 ? 4 : key;

    // Fibonacci mixing, then the high half of a 64×64 product maps onto the table without a power-of-two size.
    private int Slot(ulong key) => (int)Math.BigMul(key * 0x9E3779B97F4A7C15UL, (ulong)_length, out _);
}
