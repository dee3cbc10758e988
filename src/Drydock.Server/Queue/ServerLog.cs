namespace Drydock.Server.Queue;

/// <summary>The server's log: one line per event on stderr, prefixed and timestamped, safe from any thread. Never given a secret.</summary>
public sealed class ServerLog(TextWriter writer, TimeProvider clock)
{
    private readonly TextWriter _writer = TextWriter.Synchronized(writer);

    public void Write(string message) =>
        _writer.WriteLine($"drydock server: {clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {message}");
}
