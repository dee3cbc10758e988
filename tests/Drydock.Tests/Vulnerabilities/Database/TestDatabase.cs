using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Database;

/// <summary>A database file in a private temp folder, built from records or feed folders; deleted on dispose.</summary>
internal sealed class TestDatabase : IDisposable
{
    private TestDatabase(string dir)
    {
        Directory = dir;
        Path = System.IO.Path.Combine(dir, "vuln.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public static TestDatabase Empty() =>
        new(System.IO.Directory.CreateTempSubdirectory("drydock-vulndb-").FullName);

    public static TestDatabase From(params AdvisoryRecord[] records)
    {
        var db = Empty();
        db.Write(records);
        return db;
    }

    public void Write(IEnumerable<AdvisoryRecord> records)
    {
        using var writer = DatabaseWriter.Create(Path);
        foreach (var r in records) writer.Add(r);
        writer.SetFeed(new FeedState("test", null, null, null, null, 0));
        writer.Commit(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    public static async Task<TestDatabase> FromFeedAsync(IFeed feed, string directory)
    {
        var db = Empty();
        using var writer = DatabaseWriter.Create(db.Path);
        await writer.AddAsync(feed.ReadAsync(directory, CancellationToken.None), CancellationToken.None);
        writer.Commit(DateTimeOffset.UnixEpoch);
        return db;
    }

    public SqliteAdvisoryStore Open() => SqliteAdvisoryStore.Open(Path);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
