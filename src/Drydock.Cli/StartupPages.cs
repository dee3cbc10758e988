namespace Drydock.Cli;

/// <summary>
/// Whether this process's start-up data sits on transparent huge pages (issue 17): the NativeAOT binary asks for them
/// before the runtime starts (Native/startup-pages.c), which halves a native process's start-up on machines whose page
/// faults are costly. Said by <c>drydock version --verbose</c>; read from the process's own memory map.
/// </summary>
internal static class StartupPages
{
    /// <summary>
    /// Whether the memory this process commits (the managed heap's 64 KiB steps) is populated at once when made writable
    /// rather than faulted page by page (Native/startup-pages.c: its mprotect; issue 17). Counted by the native code.
    /// </summary>
    public static string DescribeCommits()
    {
        if (!OperatingSystem.IsLinux()) return "faulted page by page (not Linux)";
        if (Environment.GetEnvironmentVariable("DRYDOCK_POPULATE_COMMITS") == "0") return "faulted page by page (DRYDOCK_POPULATE_COMMITS=0)";
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
            return "faulted page by page (a framework-dependent build; the native binary populates them)";
        var populated = PopulatedCommits();
        return populated > 0
            ? $"populated at once when made writable ({populated} so far)"
            : "faulted page by page (the kernel has no MADV_POPULATE_WRITE: Linux 5.14 or later has it)";
    }

    [System.Runtime.InteropServices.DllImport("drydock_native", EntryPoint = "drydock_populated_commits")]
    private static extern long PopulatedCommits();

    public static string Describe()
    {
        if (!OperatingSystem.IsLinux()) return "standard pages (not Linux)";
        var mode = ThpMode();
        try
        {
            if (ZeroFillOfExecutableIsHuge() is true)
                return $"huge pages asked for the data rehydrated at start (transparent huge pages: {mode})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown (/proc/self/smaps is not readable)";
        }
        var why = Environment.GetEnvironmentVariable("DRYDOCK_STARTUP_HUGEPAGES") == "0" ? "DRYDOCK_STARTUP_HUGEPAGES=0"
            : mode == "never" ? "transparent huge pages are off"
            : System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "a framework-dependent build; the native binary asks for them"
            : $"transparent huge pages: {mode}";
        return $"standard pages ({why})";
    }

    // The anonymous mapping right after the executable's own mappings is the zero-filled end of its writable segment
    // (.bss, and NativeAOT's .hydrated): whether it is marked 'hg' (MADV_HUGEPAGE); null when there is none. Other
    // mappings may be marked too (the layer walks' buffers are), so only this one is looked at.
    private static bool? ZeroFillOfExecutableIsHuge()
    {
        var exe = Environment.ProcessPath is { } path ? Path.GetFullPath(new FileInfo(path).ResolveLinkTarget(true)?.FullName ?? path) : null;
        if (exe is null) return null;
        ulong exeEnd = 0;
        var inZeroFill = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out var start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out var end))
            {
                if (inZeroFill) return false; // its VmFlags line was missing
                var name = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries) is { Length: 6 } fields ? fields[5].Trim() : "";
                if (name == exe) exeEnd = end;
                else if (exeEnd != 0 && name.Length == 0 && start == exeEnd) inZeroFill = true;
                else if (exeEnd != 0) return null;
                continue;
            }
            if (inZeroFill && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg");
        }
        return null;
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
