using Drydock.Cli;

namespace Drydock.Tests.Cli;

/// <summary>Issue 18: the CLI caps glibc's malloc at one arena (25–30 MB less peak for 5 × 1M files, same speed).</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void UseOneArena_OnGlibc_TakesEffectUnlessTheUserChose()
    {
        // Given: this machine's libc (glibc on Debian; musl has no arenas) and whether MALLOC_ARENA_MAX is set
        var glibc = OperatingSystem.IsLinux()
            && (File.Exists("/lib/x86_64-linux-gnu/libc.so.6") || File.Exists("/lib/aarch64-linux-gnu/libc.so.6"));
        var userChose = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null;

        // When
        var applied = NativeHeap.UseOneArena();

        // Then: glibc accepted the option (mallopt returned 1), unless the user's own setting stands
        Assert.Equal(glibc && !userChose, applied);
    }
}
