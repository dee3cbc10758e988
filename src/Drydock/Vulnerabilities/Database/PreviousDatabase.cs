using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// The database an update replaces: its feeds and their health. A database of another schema version (or an unreadable
/// one) cannot lend its rows; the update then builds from the selected feeds alone, as a first update does, and says so.
/// </summary>
internal sealed class PreviousDatabase
{
    private readonly IReadOnlyDictionary<string, string> _meta;

    private PreviousDatabase(string path, IReadOnlyDictionary<string, FeedState> feeds, IReadOnlyDictionary<string, string> meta)
    {
        Path = path;
        Feeds = feeds;
        _meta = meta;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, FeedState> Feeds { get; }

    public FeedHealth Health(string feed) => FeedHealth.From(_meta, feed);

    public static PreviousDatabase? Read(string path, IProgressSink progress)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var store = SqliteAdvisoryStore.Open(path);
            return new PreviousDatabase(path, store.Feeds().ToDictionary(f => f.Name, StringComparer.Ordinal), store.Meta());
        }
        catch (Exception e) when (e is DrydockException or SqliteException)
        {
            progress.Warn($"the existing database cannot be carried over ({e.Message}); it is rebuilt from the selected feeds only");
            return null;
        }
    }
}
