namespace Drydock;

/// <summary>Where long work reports progress and warnings. The CLI renders it on stderr; the library never writes to a console.</summary>
public interface IProgressSink
{
    /// <summary>A step started or advanced (<paramref name="total"/> null when unknown).</summary>
    void Report(string stage, string item, long done, long? total);

    void Warn(string message);
}

/// <summary>Discards everything.</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static readonly NullProgressSink Instance = new();

    public void Report(string stage, string item, long done, long? total) { }

    public void Warn(string message) { }
}
