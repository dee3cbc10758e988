using System.Diagnostics;

namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>Runs an ecosystem's own tool for oracle tests; null when the tool is not installed.</summary>
internal static class Tools
{
    public static (int ExitCode, string Stdout, string Stderr)? Run(string tool, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
