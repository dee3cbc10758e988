using System.Diagnostics;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// The drydock CLI as a real process (<c>dotnet drydock.dll</c> from the test's output folder), so that a test can
/// kill it with SIGKILL mid-update and run it again, as a crash would.
/// </summary>
internal static class DrydockProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var p = Start(environment, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts drydock, waits until a stderr line contains <paramref name="marker"/>, then SIGKILLs it (no cleanup runs).
    /// Returns the stderr seen; throws when the process ends or 2 minutes pass without the marker.
    /// </summary>
    public static async Task<string> KillWhenAsync(string marker, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var p = Start(environment, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await p.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            if (!line.Contains(marker, StringComparison.Ordinal)) continue;
            p.Kill(); // SIGKILL on Unix
            await p.WaitForExitAsync(timeout.Token);
            return seen.ToString();
        }
        await p.WaitForExitAsync(timeout.Token);
        throw new InvalidOperationException($"drydock {string.Join(' ', args)} exited {p.ExitCode} before '{marker}':\n{seen}\n{await stdout}");
    }

    private static Process Start(IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drydock.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start drydock");
    }
}
