using System.Diagnostics;

namespace Drydock.Tests.Files;

/// <summary>Makes and names special files with the system's own tools (tests run as root, as Drydock does).</summary>
internal static class FileKinds
{
    /// <summary>stat(1)'s name for the file type, without following a symlink: "character special file", "fifo", ...</summary>
    public static string Of(string path) => Run("stat", "-c", "%F", path).Trim();

    /// <summary>A character device with /dev/null's numbers (1, 3), so a write into it is harmless.</summary>
    public static void MakeNullDevice(string path) => Run("mknod", path, "c", "1", "3");

    public static void MakeFifo(string path) => Run("mkfifo", path);

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)}: {error}");
        return output;
    }
}
