namespace Drydock.Images.FileSystem;

/// <summary>
/// A fixed-size Bloom filter of <see cref="PathHash"/>es: the paths lower layers wrote entries at that no interest
/// kept. Squashing needs them only to tell a hard link to such a file from a broken one, so the filter answers
/// "maybe" or "certainly not" in 1 MiB whatever the file count (issue 18: memory must not grow with the files nobody
/// asked for). Past a few million paths "maybe" gets likely, which can only leave a broken hard link unreported.
/// </summary>
internal sealed class PathHashFilter
{
    private const int Bits = 1 << 23; // 1 MiB
    private const int Probes = 3;

    private ulong[]? _words;

    public void Add(ulong hash)
    {
        _words ??= new ulong[Bits / 64];
        for (var i = 0; i < Probes; i++)
        {
            var bit = Bit(hash, i);
            _words[bit >> 6] |= 1UL << (bit & 63);
        }
    }

    /// <summary>False when <paramref name="hash"/> was certainly never added.</summary>
    public bool MayContain(ulong hash)
    {
        if (_words is null) return false;
        for (var i = 0; i < Probes; i++)
        {
            var bit = Bit(hash, i);
            if ((_words[bit >> 6] & (1UL << (bit & 63))) == 0) return false;
        }
        return true;
    }

    // Double hashing over the two halves of the 64-bit hash (Kirsch and Mitzenmacher): as good as independent probes.
    private static int Bit(ulong hash, int i) => (int)(((uint)hash + ((uint)(hash >> 32) | 1) * (uint)i) & (Bits - 1));
}
