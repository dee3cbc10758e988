using System.Globalization;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// With <c>DRYDOCK_DEBUG_MEMORY=1</c>, one stderr line per applied layer, one when the view is built and one after each
/// later stage (layer stage ended, inventory built, controls run): the managed
/// heap after the last collection (size, fragmentation, committed, the large object heap), bytes allocated so far and
/// the process's resident set (issue 17: where a cold scan's memory goes). Off by default; never part of a report.
/// </summary>
internal static class MemoryTrace
{
    internal const string EnvironmentVariable = "DRYDOCK_DEBUG_MEMORY";

    internal static bool Enabled { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Writes one line for <paramref name="step"/> when enabled.</summary>
    public static void Log(string step)
    {
        if (!Enabled) return;
        Console.Error.WriteLine(Describe(step, GC.GetGCMemoryInfo(), GC.GetTotalAllocatedBytes(), Environment.WorkingSet));
    }

    internal static string Describe(string step, GCMemoryInfo gc, long allocated, long workingSet)
    {
        static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
        var loh = gc.GenerationInfo.Length > 3 ? gc.GenerationInfo[3].SizeAfterBytes : 0;
        return $"drydock memory: {step}: heap {Mb(gc.HeapSizeBytes)} MB (fragmented {Mb(gc.FragmentedBytes)}, " +
            $"loh {Mb(loh)}), committed {Mb(gc.TotalCommittedBytes)} MB, gc #{gc.Index} gen {gc.Generation}, " +
            $"allocated {Mb(allocated)} MB, rss {Mb(workingSet)} MB";
    }
}
