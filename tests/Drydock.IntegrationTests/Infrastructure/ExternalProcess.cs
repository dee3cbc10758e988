using System.Diagnostics;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Runs the tools the fixtures drive (skopeo, openssl, htpasswd, the image build script) and starts servers.</summary>
internal static class ExternalProcess
{
    /// <summary>Runs to completion; a non-zero exit throws with the tail of stderr so a fixture failure explains itself.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} took longer than {timeout}");
        }
        var err = await stderr;
        if (process.ExitCode != 0)
        {
            var tail = string.Join('\n', err.Split('\n').TakeLast(15));
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{tail}");
        }
        return await stdout;
    }

    /// <summary>Starts a long-running server with stdout+stderr appended to <paramref name="logPath"/>.</summary>
    public static Process StartServer(string program, IEnumerable<string> arguments, string logPath, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var gate = new object();
        var closed = false;
        // Exited can fire while output lines are still queued: those late lines are dropped, never written to a closed log.
        void Append(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                if (!closed) log.WriteLine(line);
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) =>
        {
            lock (gate)
            {
                closed = true;
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Stops a server we started, by its PID: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public static void Stop(Process? process, TimeSpan grace)
    {
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
                if (!process.WaitForExit(grace)) process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
    }

    /// <summary>Polls <paramref name="ready"/> until it is true, the server died, or <paramref name="timeout"/> passed.</summary>
    public static async Task WaitUntilAsync(Process process, Func<Task<bool>> ready, TimeSpan timeout, string what, string logPath)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            if (await ready()) return;
            await Task.Delay(100);
        }
        var log = File.Exists(logPath) ? string.Join('\n', File.ReadAllLines(logPath).TakeLast(15)) : "";
        throw new InvalidOperationException($"{what} did not come up within {timeout.TotalSeconds:0} s; log {logPath}:\n{log}");
    }
}
