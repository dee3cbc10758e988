using System.Globalization;

namespace Drydock;

/// <summary>
/// The one place Drydock writes temporary files (decompressed archives, engine exports, rpm databases, unpacked
/// bundles, SQLite's own spill files): <c>--temp-dir</c>, else <c>$DRYDOCK_TEMP_DIR</c>, else <c>&lt;cache&gt;/tmp</c>
/// (per user, not world-writable). Each process works in its own subdirectory <c>drydock-&lt;pid&gt;-&lt;random&gt;</c>,
/// removed when the CLI exits; the first process to create its subdirectory removes those of processes that are gone
/// (a SIGKILLed scan), as <c>db update</c> does for <c>vuln.db.new-PID</c>. Stale subdirectories are only swept in a
/// root that is neither a symlink nor writable by group or others, so a hostile user cannot aim the sweep elsewhere.
/// </summary>
public static class DrydockTemp
{
    public const string EnvironmentVariable = "DRYDOCK_TEMP_DIR";
    private const string Prefix = "drydock-";
    private static readonly Lock Gate = new();
    private static string? _configured;
    private static string? _process;

    /// <summary>The temp root in effect (not created until a file is needed).</summary>
    public static string Root
    {
        get
        {
            lock (Gate)
            {
                if (_configured is not null) return _configured;
                var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
                return Path.GetFullPath(string.IsNullOrEmpty(env) ? Path.Combine(CacheDirectory.Root, "tmp") : env);
            }
        }
    }

    /// <summary>Sets the root (<c>--temp-dir</c>); null returns to the default. Call before any temp file is made.</summary>
    public static void Configure(string? root)
    {
        lock (Gate)
        {
            _configured = string.IsNullOrEmpty(root) ? null : Path.GetFullPath(root);
            _process = null;
        }
    }

    /// <summary>This process's private directory (mode 0700), created on first use.</summary>
    public static string ProcessDirectory
    {
        get
        {
            var root = Root;
            lock (Gate)
            {
                if (_process is not null && Directory.Exists(_process)) return _process;
                try
                {
                    CreatePrivate(root);
                    SweepDeadProcesses(root);
                    var dir = Path.Combine(root, $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
                    CreatePrivate(dir);
                    return _process = dir;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new DrydockException($"cannot create the temp directory under {root} (--temp-dir, ${EnvironmentVariable}): {e.Message}", inner: e);
                }
            }
        }
    }

    /// <summary>A new, unused path in <see cref="ProcessDirectory"/>: <paramref name="prefix"/> + random + <paramref name="extension"/>.</summary>
    public static string NewPath(string prefix, string extension = "") =>
        Path.Combine(ProcessDirectory, prefix + Guid.NewGuid().ToString("N") + extension);

    /// <summary>Removes this process's directory and everything in it (the CLI calls it on exit).</summary>
    public static void RemoveProcessDirectory()
    {
        string? dir;
        lock (Gate)
        {
            dir = _process;
            _process = null;
        }
        if (dir is null) return;
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the next run's sweep removes it once this process is gone.
        }
    }

    /// <summary>Removes the subdirectories of <paramref name="root"/> left by processes that no longer run; returns how many.</summary>
    internal static int SweepDeadProcesses(string root)
    {
        var info = new DirectoryInfo(root);
        if (!info.Exists || info.LinkTarget is not null) return 0;
        const UnixFileMode shared = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        if (!OperatingSystem.IsWindows() && (info.UnixFileMode & shared) != 0) return 0;
        var removed = 0;
        foreach (var dir in info.EnumerateDirectories(Prefix + "*"))
        {
            var rest = dir.Name[Prefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId || IsAlive(pid) || dir.LinkTarget is not null)
                continue;
            try
            {
                dir.Delete(recursive: true);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process swept it first, or it is not ours to remove: leave it.
            }
        }
        return removed;
    }

    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Whether process <paramref name="pid"/> still runs (what it left behind is then not stale).</summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
