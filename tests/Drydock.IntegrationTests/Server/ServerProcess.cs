using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// One <c>drydock server</c> process started from the built CLI (<c>dotnet drydock.dll server …</c>), its stderr
/// collected line by line so a test can wait for an event (a job started) and SIGKILL it there. Dispose sends SIGTERM,
/// then SIGKILL after 10 s.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServerProcess(Process process, string? baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) _lines.Enqueue(e.Data);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) _lines.Enqueue(e.Data);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string? BaseUrl { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Log => string.Join('\n', _lines);

    /// <summary>Starts a server; with <paramref name="listenPort"/> it serves the API on 127.0.0.1 (else it is a <c>--worker</c>).</summary>
    public static ServerProcess Start(string cacheDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drydock.dll"));
        start.ArgumentList.Add("server");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DRYDOCK_CACHE_DIR"] = cacheDirectory;
        start.Environment["DOCKER_CONFIG"] = Path.Combine(cacheDirectory, "no-docker-config");
        start.Environment.Remove("DRYDOCK_DB");
        start.Environment.Remove("DRYDOCK_TOKEN");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var listen = args.SkipWhile(a => a != "--listen").Skip(1).FirstOrDefault();
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start drydock server");
        return new ServerProcess(process, listen is null ? null : "http://" + listen);
    }

    /// <summary>Waits until a line satisfies <paramref name="match"/>; throws with the log when the process exits or time runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                if (_lines.FirstOrDefault(match) is { } late) return late;
                break;
            }
            await Task.Delay(20);
        }
        throw new InvalidOperationException($"drydock server never logged {what} (exited: {_process.HasExited}); log:\n{Log}");
    }

    /// <summary>Waits for the "listening on" line (API processes) or the instance line (workers).</summary>
    public Task WaitReadyAsync() =>
        WaitForLineAsync(l => BaseUrl is null ? l.Contains(" worker(s)", StringComparison.Ordinal) : l.Contains("listening on ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(90), "that it is ready");

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no cleanup, no lease released (a crashed worker).</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) term.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
