using System.Globalization;

namespace Drydock.Server.Rematch;

/// <summary>
/// The process's memory for the re-match log lines (bench/server-rematch.sh reads them): the managed heap
/// (<see cref="GC.GetTotalMemory"/>, without forcing a collection) and the peak resident set (VmHWM of
/// /proc/self/status; absent where /proc is not Linux's).
/// </summary>
internal static class ProcessMemory
{
    public static string Describe()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024);
        return PeakResidentKb() is { } peak
            ? string.Create(CultureInfo.InvariantCulture, $"managed heap {heap} MB, peak RSS {peak / 1024} MB")
            : string.Create(CultureInfo.InvariantCulture, $"managed heap {heap} MB");
    }

    private static long? PeakResidentKb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                    return kb;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
