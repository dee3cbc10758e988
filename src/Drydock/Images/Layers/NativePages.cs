using System.Buffers;
using System.Runtime.InteropServices;

namespace Drydock.Images.Layers;

/// <summary>
/// A buffer outside the collector's heap, for the large buffers layer walks reuse (issue 17): the scratch buffer that
/// executables pass through. On Linux it is its own anonymous mapping, 2 MiB-aligned and advised for transparent huge
/// pages when it is 2 MiB or more, so that filling it is one page fault per 2 MiB instead of 512 (on the bench machine,
/// a VM, a 4 KiB fault costs ~15 µs; a scan of a Debian image read 30 MB of executables through a scratch buffer that
/// grew to 4 MiB), and it costs the collector nothing: no large-object allocation to count towards a collection, no
/// pages for a compaction to touch. Elsewhere it is <see cref="NativeMemory.AlignedAlloc"/>.
/// Its owner frees it with <see cref="IDisposable.Dispose"/>, explicitly: there is no finalizer, since a span over it
/// does not keep it reachable. Contents are undefined when allocated (zero on Linux).
/// </summary>
internal sealed unsafe class NativePages : MemoryManager<byte>
{
    internal const int HugePageBytes = 2 * 1024 * 1024;

    private byte* _pointer;
    private readonly nuint _mapped; // bytes mapped at _pointer (Linux), 0 for AlignedAlloc

    private NativePages(byte* pointer, int length, nuint mapped)
    {
        _pointer = pointer;
        Length = length;
        _mapped = mapped;
    }

    /// <summary>The usable length.</summary>
    public int Length { get; }

    /// <summary>Where the buffer starts (0 once freed).</summary>
    internal nuint Address => (nuint)_pointer;

    /// <summary>Whether the kernel was asked for huge pages for it (Linux, 2 MiB or more, and the advice taken).</summary>
    public bool HugePagesAdvised { get; private init; }

    /// <summary>A buffer of <paramref name="length"/> bytes (at least 1).</summary>
    /// <exception cref="InsufficientMemoryException">The memory could not be mapped.</exception>
    public static NativePages Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (!OperatingSystem.IsLinux())
            return new NativePages((byte*)NativeMemory.AlignedAlloc((nuint)length, 64), length, 0);
        var huge = length >= HugePageBytes;
        var page = (nuint)Environment.SystemPageSize;
        var rounded = ((nuint)length + page - 1) & ~(page - 1);
        // A huge-page buffer is mapped with 2 MiB to spare and trimmed to a 2 MiB boundary: only whole, aligned 2 MiB
        // extents can be huge pages.
        var request = huge ? rounded + HugePageBytes : rounded;
        var mapped = Mmap(0, request, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (mapped == MapFailed) throw new InsufficientMemoryException($"could not map {length} bytes for a layer walk buffer");
        var start = (byte*)mapped;
        var end = start + request;
        if (huge)
        {
            var aligned = (byte*)(((nuint)start + HugePageBytes - 1) & ~(nuint)(HugePageBytes - 1));
            if (aligned > start) _ = Munmap((nint)start, (nuint)(aligned - start));
            var tail = aligned + rounded;
            if (end > tail) _ = Munmap((nint)tail, (nuint)(end - tail));
            start = aligned;
        }
        var advised = huge && Madvise((nint)start, rounded, MadvHugePage) == 0;
        return new NativePages(start, length, rounded) { HugePagesAdvised = advised };
    }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        return new Span<byte>(_pointer, Length);
    }

    /// <summary>The memory never moves: pinning is a pointer.</summary>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)Length, nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        var pointer = _pointer;
        if (pointer == null) return;
        _pointer = null;
        if (_mapped == 0) NativeMemory.AlignedFree(pointer);
        else _ = Munmap((nint)pointer, _mapped);
    }

    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 0x02, MapAnonymous = 0x20, MadvHugePage = 14;
    private static readonly nint MapFailed = -1;

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(nint address, nuint length);

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
