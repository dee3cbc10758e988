namespace Drydock.Cli;

/// <summary>
/// Progress and warnings on stderr: plain lines, one per stage and item (stdout stays clean for reports). Repeated
/// byte-count updates of the same item are throttled to one line per 10% so logs stay readable.
/// </summary>
internal sealed class StderrProgress(TextWriter error, bool quiet = false) : IProgressSink
{
    private readonly Lock _lock = new();
    private string? _lastItem;
    private long _lastTenth = -1;

    public void Report(string stage, string item, long done, long? total)
    {
        if (quiet) return;
        lock (_lock)
        {
            var tenth = total is > 0 ? done * 10 / total.Value : 0;
            if (item == _lastItem && tenth == _lastTenth) return;
            _lastItem = item;
            _lastTenth = tenth;
            var amount = total is > 0 ? $" {done * 100 / total.Value}% of {Size(total.Value)}" : done > 0 ? $" {Size(done)}" : "";
            error.WriteLine($"drydock: {stage}: {item}{amount}");
        }
    }

    public void Warn(string message)
    {
        lock (_lock) error.WriteLine("drydock: warning: " + message);
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (double)(1 << 30):0.0} GiB",
        >= 1 << 20 => $"{bytes / (double)(1 << 20):0.0} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
