namespace Drydock.Cli.Commands;

/// <summary>Progress on stderr: one line when a stage/item starts and at most one per second after that.</summary>
internal sealed class StderrProgressSink(TextWriter error) : IProgressSink
{
    private string _last = "";
    private DateTime _lastAt = DateTime.MinValue;

    public void Report(string stage, string item, long done, long? total)
    {
        var key = stage + " " + item;
        var now = DateTime.UtcNow;
        if (key == _last && now - _lastAt < TimeSpan.FromSeconds(1)) return;
        _last = key;
        _lastAt = now;
        error.WriteLine(total is { } t ? $"drydock: {key}: {done}/{t}" : $"drydock: {key}: {done}");
    }

    public void Warn(string message) => error.WriteLine("drydock: warning: " + message);
}
