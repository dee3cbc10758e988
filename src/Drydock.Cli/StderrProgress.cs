using System.Text;

namespace Drydock.Cli;

/// <summary>
/// Progress and warnings on stderr (stdout stays clean for reports). On a terminal: one live line, redrawn in place
/// with a bar for byte counts (at most ten times a second), cleared before anything else is written. Otherwise
/// (a CI log, a pipe): plain lines, one per stage and item, with repeated byte-count updates of the same item
/// throttled to one line per 10% so logs stay readable. Redraws are timed by <paramref name="time"/> (default the system clock).
/// </summary>
internal sealed class StderrProgress(TextWriter error, bool quiet = false, bool terminal = false, TimeProvider? time = null) : IProgressSink, IDisposable
{
    private const int BarWidth = 24;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private readonly Lock _lock = new();
    private string? _lastItem;
    private long _lastTenth = -1;
    private string? _live;
    private long _lastDraw;

    /// <summary>The sink for a command: a live line when <paramref name="error"/> is the process's stderr and that is a terminal.</summary>
    public static StderrProgress For(TextWriter error, bool quiet = false) =>
        new(error, quiet, terminal: !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"));

    public void Report(string stage, string item, long done, long? total)
    {
        if (quiet) return;
        lock (_lock)
        {
            if (terminal) Draw(stage, item, done, total);
            else Line(stage, item, done, total);
        }
    }

    public void Warn(string message)
    {
        lock (_lock)
        {
            var live = _live;
            Clear();
            error.WriteLine("drydock: warning: " + message);
            if (live is not null) Write(live);
        }
    }

    /// <summary>Clears the live line, so that what follows (a report on the same terminal, an error) starts clean.</summary>
    public void Finish()
    {
        lock (_lock) Clear();
    }

    public void Dispose() => Finish();

    private void Line(string stage, string item, long done, long? total)
    {
        var tenth = total is > 0 ? done * 10 / total.Value : 0;
        if (item == _lastItem && tenth == _lastTenth) return;
        _lastItem = item;
        _lastTenth = tenth;
        var amount = total is > 0 ? $" {done * 100 / total.Value}% of {Size(total.Value)}" : done > 0 ? $" {Size(done)}" : "";
        error.WriteLine($"drydock: {stage}: {item}{amount}");
    }

    private void Draw(string stage, string item, long done, long? total)
    {
        var now = _time.GetTimestamp();
        var finished = total is > 0 && done >= total.Value;
        if (item == _lastItem && !finished && _time.GetElapsedTime(_lastDraw, now) < RedrawInterval) return;
        var line = Render(stage, item, done, total, Width());
        if (line == _live) return;
        _lastItem = item;
        _lastDraw = now;
        Write(line);
    }

    /// <summary><c>drydock: layers [#########-----------] 45% 36.0 MiB/80.0 MiB layer 3/7 sha256:…</c>, cut to the terminal's width.</summary>
    internal static string Render(string stage, string item, long done, long? total, int width)
    {
        var sb = new StringBuilder("drydock: ").Append(stage).Append(' ');
        if (total is > 0 and var t)
        {
            var filled = (int)Math.Clamp(done * BarWidth / t, 0, BarWidth);
            sb.Append('[').Append('#', filled).Append('-', BarWidth - filled).Append("] ")
              .Append(Math.Clamp(done * 100 / t, 0, 100)).Append("% ").Append(Size(done)).Append('/').Append(Size(t)).Append(' ');
        }
        else if (done > 0)
        {
            sb.Append(Size(done)).Append(' ');
        }
        sb.Append(item);
        return sb.Length < width ? sb.ToString() : sb.ToString(0, Math.Max(width - 1, 1));
    }

    private void Write(string line)
    {
        // CR + EL (ECMA-48 "erase in line"): redraw in place.
        error.Write("\r\u001b[K" + line);
        error.Flush();
        _live = line;
    }

    private void Clear()
    {
        if (_live is null) return;
        error.Write("\r\u001b[K");
        error.Flush();
        _live = null;
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth is > 20 and var w ? w : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (double)(1 << 30):0.0} GiB",
        >= 1 << 20 => $"{bytes / (double)(1 << 20):0.0} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
