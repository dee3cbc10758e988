using System.Diagnostics;

namespace Drydock.Tests.Inventory.Oracles;

/// <summary>Runs an ecosystem's own tool (dpkg-query, rpm) as the oracle and returns its stdout lines.</summary>
internal static class ToolRunner
{
    public static IReadOnlyList<string> Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool} (scripts/install-deps.sh installs it)");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "drydock-oracle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
