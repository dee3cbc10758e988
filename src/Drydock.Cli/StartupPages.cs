namespace Drydock.Cli;

/// <summary>
/// Whether this process's start-up data sits on transparent huge pages (issue 17): the NativeAOT binary asks for them
/// before the runtime starts (Native/startup-pages.c), which halves a native process's start-up on machines whose page
/// faults are costly. Said by <c>drydock version --verbose</c>; read from the process's own memory map.
/// </summary>
internal static class StartupPages
{
    public static string Describe()
    {
        if (!OperatingSystem.IsLinux()) return "standard pages (not Linux)";
        var mode = ThpMode();
        try
        {
            // Only the start-up constructor marks a mapping of this process 'hg' (MADV_HUGEPAGE); the runtime does not.
            foreach (var line in File.ReadLines("/proc/self/smaps"))
            {
                if (line.StartsWith("VmFlags:", StringComparison.Ordinal)
                    && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg"))
                    return $"huge pages asked for the data rehydrated at start (transparent huge pages: {mode})";
            }
        }
        catch (IOException)
        {
            return "unknown (/proc/self/smaps is not readable)";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown (/proc/self/smaps is not readable)";
        }
        var why = Environment.GetEnvironmentVariable("DRYDOCK_STARTUP_HUGEPAGES") == "0" ? "DRYDOCK_STARTUP_HUGEPAGES=0"
            : mode == "never" ? "transparent huge pages are off"
            : System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "a framework-dependent build; the native binary asks for them"
            : $"transparent huge pages: {mode}";
        return $"standard pages ({why})";
    }

    // The bracketed word of /sys/kernel/mm/transparent_hugepage/enabled ("always [madvise] never"), or "unavailable".
    private static string ThpMode()
    {
        try
        {
            var text = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
            var open = text.IndexOf('[', StringComparison.Ordinal);
            var close = text.IndexOf(']', StringComparison.Ordinal);
            return open >= 0 && close > open ? text[(open + 1)..close] : "unavailable";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unavailable";
        }
    }
}
