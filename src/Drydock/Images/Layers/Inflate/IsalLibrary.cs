using System.Runtime.InteropServices;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// ISA-L's inflate (Intel Intelligent Storage Acceleration Library, <c>igzip_lib.h</c> of isa-l 2.x), loaded at run
/// time: from beside the binary first (as libe_sqlite3 is shipped), then from the system's library path. Absent,
/// unloadable or missing an export, <see cref="TryLoad"/> returns null with the reason and the managed zlib path is
/// used instead.
/// </summary>
internal sealed unsafe class IsalLibrary
{
    // Field offsets of struct inflate_state (igzip_lib.h, isa-l 2.25 to 2.31, x86-64 and aarch64; 64-bit pointers).
    // The layout has been stable since the streaming inflate API was published; only these fields are touched.
    internal const int NextOutOffset = 0;
    internal const int AvailOutOffset = 8;
    internal const int NextInOffset = 16;
    internal const int AvailInOffset = 32;
    internal const int BlockStateOffset = 21160;
    internal const int CrcFlagOffset = 21172;

    /// <summary>sizeof(struct inflate_state) is 87,368 bytes; the allocation leaves room for a larger future layout.</summary>
    internal const int StateBytes = 96 * 1024;

    /// <summary>enum isal_block_state ISAL_BLOCK_FINISH: the member's data and trailer are decoded and checked.</summary>
    internal const int BlockFinish = 5;

    /// <summary>crc_flag ISAL_GZIP: parse the gzip header, check the CRC-32 and size trailer.</summary>
    internal const int CrcFlagGzip = 1;

    private static readonly string[] DefaultCandidates = ["libisal.so.2", "libisal.so", "libisal.2.dylib", "isal.dll"];

    private IsalLibrary(string path, delegate* unmanaged<IntPtr, void> init, delegate* unmanaged<IntPtr, void> reset, delegate* unmanaged<IntPtr, int> inflate)
    {
        Path = path;
        Init = init;
        Reset = reset;
        Inflate = inflate;
    }

    /// <summary>The file or name the library was loaded from.</summary>
    public string Path { get; }

    /// <summary><c>void isal_inflate_init(struct inflate_state *)</c>.</summary>
    public delegate* unmanaged<IntPtr, void> Init { get; }

    /// <summary><c>void isal_inflate_reset(struct inflate_state *)</c>: ready for the next member.</summary>
    public delegate* unmanaged<IntPtr, void> Reset { get; }

    /// <summary><c>int isal_inflate(struct inflate_state *)</c>: 0 or a negative ISAL_* error.</summary>
    public delegate* unmanaged<IntPtr, int> Inflate { get; }

    /// <summary>
    /// Where the library is looked for: each default name beside the binary (<see cref="AppContext.BaseDirectory"/>),
    /// then each by name through the system loader.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string baseDirectory) =>
        [.. DefaultCandidates.Select(name => System.IO.Path.Combine(baseDirectory, name)), .. DefaultCandidates];

    /// <summary>The first candidate that loads and has the three exports; null (and why) when none does.</summary>
    public static IsalLibrary? TryLoad(IEnumerable<string> candidates, out string reason)
    {
        reason = "libisal (ISA-L) not found";
        foreach (var candidate in candidates)
        {
            // A rooted candidate that does not exist is skipped without asking the loader, which would search for it.
            if (System.IO.Path.IsPathRooted(candidate) && !File.Exists(candidate)) continue;
            if (!NativeLibrary.TryLoad(candidate, out var handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "isal_inflate_init", out var init)
                && NativeLibrary.TryGetExport(handle, "isal_inflate_reset", out var reset)
                && NativeLibrary.TryGetExport(handle, "isal_inflate", out var inflate))
            {
                return new IsalLibrary(
                    candidate,
                    (delegate* unmanaged<IntPtr, void>)init,
                    (delegate* unmanaged<IntPtr, void>)reset,
                    (delegate* unmanaged<IntPtr, int>)inflate);
            }
            NativeLibrary.Free(handle);
            reason = $"{candidate} lacks the isal_inflate exports";
        }
        return null;
    }

    /// <summary>The meaning of a negative <c>isal_inflate</c> result (igzip_lib.h ISAL_INVALID_* and friends).</summary>
    public static string Describe(int code) => code switch
    {
        -1 => "invalid deflate block",
        -2 => "invalid deflate symbol",
        -3 => "invalid look-back distance",
        -4 => "invalid gzip header",
        -5 => "unsupported compression method",
        -6 => "checksum mismatch",
        6 => "a preset dictionary is required",
        _ => $"isal_inflate error {code}",
    };
}
