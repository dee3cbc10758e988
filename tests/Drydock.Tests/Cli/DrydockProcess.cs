using System.Diagnostics;

namespace Drydock.Tests.Cli;

/// <summary>
/// Runs the built CLI (<c>drydock.dll</c> beside the tests) as a child process, so that signals, <c>--timeout</c> and
/// the removal of its temp directory at exit are tested as a user meets them. The cache and temp roots are the test's.
/// </summary>
internal sealed class DrydockProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task<string> _stdout;

    public DrydockProcess(string cacheDir, params string[] args)
        : this(cacheDir, new Dictionary<string, string>(), args)
    {
    }

    /// <summary>The same, with extra environment variables for the child.</summary>
    public DrydockProcess(string cacheDir, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drydock.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DRYDOCK_CACHE_DIR"] = cacheDir;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        _process = Process.Start(start)!;
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    /// <summary>Sends <paramref name="signal"/> (<c>TERM</c>, <c>INT</c>) with kill(1).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits up to <paramref name="bound"/>; the exit code and output, or null when it had not ended (then it is killed).</summary>
    public async Task<(int Code, string Out, string Err)?> WaitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return null;
        }
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
