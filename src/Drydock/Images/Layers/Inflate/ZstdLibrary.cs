using System.Runtime.InteropServices;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// The reference zstd decoder (libzstd 1.4+, <c>zstd.h</c>'s streaming API), loaded at run time as
/// <see cref="IsalLibrary"/> is: beside the binary first, then through the system loader (Debian's libzstd1).
/// Absent or missing an export, <see cref="TryLoad"/> returns null with the reason and the managed ZstdSharp port is
/// used instead.
/// </summary>
internal sealed unsafe class ZstdLibrary
{
    private static readonly string[] DefaultCandidates = ["libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dll"];

    private ZstdLibrary(string path, IntPtr handle)
    {
        Path = path;
        CreateContext = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(handle, "ZSTD_createDCtx");
        FreeContext = (delegate* unmanaged<IntPtr, nuint>)NativeLibrary.GetExport(handle, "ZSTD_freeDCtx");
        DecompressStream = (delegate* unmanaged<IntPtr, Buffer*, Buffer*, nuint>)NativeLibrary.GetExport(handle, "ZSTD_decompressStream");
        IsError = (delegate* unmanaged<nuint, uint>)NativeLibrary.GetExport(handle, "ZSTD_isError");
        ErrorName = (delegate* unmanaged<nuint, byte*>)NativeLibrary.GetExport(handle, "ZSTD_getErrorName");
        ResetContext = (delegate* unmanaged<IntPtr, int, nuint>)NativeLibrary.GetExport(handle, "ZSTD_DCtx_reset");
        SizeOfContext = (delegate* unmanaged<IntPtr, nuint>)NativeLibrary.GetExport(handle, "ZSTD_sizeof_DCtx");
    }

    /// <summary>
    /// A context larger than this (its window, from a frame that asked for a large one) is freed rather than kept for
    /// the next layer, so that one such layer does not hold its memory for the rest of a long-lived process.
    /// </summary>
    internal const long KeptContextMaxBytes = 16L * 1024 * 1024;

    private const int ResetSessionOnly = 1; // ZSTD_reset_session_only: forget the frame, keep the buffers

    private IntPtr _kept;

    /// <summary>ZSTD_inBuffer and ZSTD_outBuffer share this layout: a pointer, its size and the position reached.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Buffer
    {
        public byte* Data;
        public nuint Size;
        public nuint Position;
    }

    /// <summary>The file or name the library was loaded from.</summary>
    public string Path { get; }

    /// <summary><c>ZSTD_DCtx* ZSTD_createDCtx(void)</c>: null when out of memory.</summary>
    public delegate* unmanaged<IntPtr> CreateContext { get; }

    /// <summary><c>size_t ZSTD_freeDCtx(ZSTD_DCtx*)</c>.</summary>
    public delegate* unmanaged<IntPtr, nuint> FreeContext { get; }

    /// <summary>
    /// <c>size_t ZSTD_decompressStream(ZSTD_DCtx*, ZSTD_outBuffer*, ZSTD_inBuffer*)</c>: 0 when a frame is fully decoded
    /// and flushed, an error code (<see cref="IsError"/>), or a hint of the input still wanted.
    /// </summary>
    public delegate* unmanaged<IntPtr, Buffer*, Buffer*, nuint> DecompressStream { get; }

    /// <summary><c>unsigned ZSTD_isError(size_t)</c>.</summary>
    public delegate* unmanaged<nuint, uint> IsError { get; }

    /// <summary><c>const char* ZSTD_getErrorName(size_t)</c>: a static string.</summary>
    public delegate* unmanaged<nuint, byte*> ErrorName { get; }

    /// <summary><c>size_t ZSTD_DCtx_reset(ZSTD_DCtx*, ZSTD_ResetDirective)</c>: 0 or an error code.</summary>
    public delegate* unmanaged<IntPtr, int, nuint> ResetContext { get; }

    /// <summary><c>size_t ZSTD_sizeof_DCtx(const ZSTD_DCtx*)</c>: the memory the context holds, its window included.</summary>
    public delegate* unmanaged<IntPtr, nuint> SizeOfContext { get; }

    /// <summary>
    /// A decoding context: the one the last layer returned (its window buffer reused, issue 17: each layer's own
    /// context left its 8 MiB window in glibc's free lists, one per arena, so a 12-layer zstd image peaked ~20 MB
    /// higher), else a new one; <see cref="IntPtr.Zero"/> when out of memory. Give it back with <see cref="Return"/>.
    /// </summary>
    public IntPtr Rent()
    {
        var kept = Interlocked.Exchange(ref _kept, IntPtr.Zero);
        return kept != IntPtr.Zero ? kept : CreateContext();
    }

    /// <summary>
    /// Takes back a context from <see cref="Rent"/>: reset and kept for the next layer when it is small enough and no
    /// other is kept, else freed.
    /// </summary>
    public void Return(IntPtr context)
    {
        if (context == IntPtr.Zero) return;
        if (IsError(ResetContext(context, ResetSessionOnly)) == 0 && (long)SizeOfContext(context) <= KeptContextMaxBytes
            && Interlocked.CompareExchange(ref _kept, context, IntPtr.Zero) == IntPtr.Zero)
            return;
        FreeContext(context);
    }

    /// <summary>
    /// Frees the kept context, if any, and says whether there was one (a rented one is still returned, and kept again, as usual): at the end of the
    /// layer stage its window (8 MiB and more) goes back to the C heap before inventory and controls run.
    /// </summary>
    public bool ReleaseKept()
    {
        var kept = Interlocked.Exchange(ref _kept, IntPtr.Zero);
        if (kept == IntPtr.Zero) return false;
        FreeContext(kept);
        return true;
    }

    /// <summary>Whether a context is kept for the next layer.</summary>
    public bool HasKept => Volatile.Read(ref _kept) != IntPtr.Zero;

    /// <summary>The error's name, e.g. <c>Data corruption detected</c>.</summary>
    public string Describe(nuint code) => Marshal.PtrToStringUTF8((IntPtr)ErrorName(code)) ?? $"zstd error {code}";

    /// <summary>Each default name beside the binary, then each by name through the system loader.</summary>
    public static IReadOnlyList<string> Candidates(string baseDirectory) =>
        [.. DefaultCandidates.Select(name => System.IO.Path.Combine(baseDirectory, name)), .. DefaultCandidates];

    /// <summary>The first candidate that loads and has the streaming exports; null (and why) when none does.</summary>
    public static ZstdLibrary? TryLoad(IEnumerable<string> candidates, out string reason)
    {
        reason = "libzstd not found";
        string[] exports = ["ZSTD_createDCtx", "ZSTD_freeDCtx", "ZSTD_decompressStream", "ZSTD_isError", "ZSTD_getErrorName",
            "ZSTD_DCtx_reset", "ZSTD_sizeof_DCtx"];
        foreach (var candidate in candidates)
        {
            if (System.IO.Path.IsPathRooted(candidate) && !File.Exists(candidate)) continue;
            if (!NativeLibrary.TryLoad(candidate, out var handle)) continue;
            if (exports.All(name => NativeLibrary.TryGetExport(handle, name, out _))) return new ZstdLibrary(candidate, handle);
            NativeLibrary.Free(handle);
            reason = $"{candidate} lacks the ZSTD_decompressStream exports";
        }
        return null;
    }
}
