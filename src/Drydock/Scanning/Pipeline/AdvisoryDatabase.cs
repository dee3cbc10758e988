using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// One open vulnerability database as a scan uses it: the store the matchers read, its summary for the report, and the
/// end-of-life data it carries (null = the built-in table). Disposing it closes what <c>owner</c> holds.
/// </summary>
public sealed class AdvisoryDatabase(IAdvisoryStore store, DatabaseSummary summary, IReleaseLifecycleSource? lifecycle = null, IDisposable? owner = null) : IDisposable
{
    public IAdvisoryStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    public DatabaseSummary Summary { get; } = summary ?? throw new ArgumentNullException(nameof(summary));

    public IReleaseLifecycleSource? Lifecycle { get; } = lifecycle;

    /// <summary>The SQLite database at <paramref name="path"/> (missing or unreadable: a <see cref="DrydockException"/>).</summary>
    public static AdvisoryDatabase OpenSqlite(string path)
    {
        var store = SqliteAdvisoryStore.Open(path);
        try
        {
            var meta = store.Meta();
            var schema = meta.TryGetValue("schema_version", out var v) && int.TryParse(v, out var n) ? n : 0;
            var summary = new DatabaseSummary(schema, store.BuiltAt ?? DateTimeOffset.MinValue,
                store.Feeds().Select(f => f.FetchedAt is { } at ? $"{f.Name} ({at:yyyy-MM-dd})" : f.Name).ToList());
            return new AdvisoryDatabase(store, summary, store, store);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public void Dispose() => owner?.Dispose();
}
