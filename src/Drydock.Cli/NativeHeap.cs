using System.Runtime.InteropServices;

namespace Drydock.Cli;

/// <summary>
/// The native heap of a short-lived scan process (issue 18). glibc gives each thread that contends for malloc an arena
/// of its own and keeps what it freed there; the layer walks, their decoders and SQLite run on several threads, so a scan
/// of five layers of a million files peaked 25–30 MB higher with arenas per thread (133 MB) than with one (104–108 MB),
/// at the same speed (bench/README.md). One arena, unless the user chose otherwise with <c>MALLOC_ARENA_MAX</c>.
/// </summary>
internal static class NativeHeap
{
    private const int ArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);

    /// <summary>
    /// Caps glibc's malloc at one arena; true when it did. A no-op (false) off glibc or when <c>MALLOC_ARENA_MAX</c> is
    /// set (the user's choice stands).
    /// </summary>
    public static bool UseOneArena()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null) return false;
        try
        {
            return MallOpt(ArenaMax, 1) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no arenas to cap)
        }
    }
}
