using System.Globalization;
using Drydock.Vulnerabilities.Feeds;
using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Builds a new database file from feed records. It writes to <c>&lt;db&gt;.new-&lt;pid&gt;</c> beside the target and
/// <see cref="Commit"/> renames it over the target (rename is atomic on one file system), so readers keep reading
/// the old file and a killed update leaves it intact. Bulk load runs without a journal, one transaction per
/// 10,000 records, into a staging table that becomes the clustered <c>affected</c> table at the end.
/// <see cref="TryEdit"/> starts instead from a copy of an existing database whose feeds are replaced one by one
/// (<see cref="RemoveFeed"/>, then their new rows), so that one changed feed does not cost a rebuild of the others.
/// </summary>
public sealed class DatabaseWriter : IDisposable
{
    private const int BatchSize = 10_000;
    private readonly SqliteConnection _connection;
    private readonly string _target;
    private readonly InsertCommands? _insert;
    private SqliteTransaction? _transaction;
    private int _pending;
    private readonly bool _editing;
    private bool _committed;

    private DatabaseWriter(string target, string tempPath, bool editing)
    {
        _target = target;
        TempPath = tempPath;
        _editing = editing;
        _connection = SqliteConnections.Create(new SqliteConnectionStringBuilder { DataSource = tempPath, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;");
        if (editing && !DatabaseSchemaCheck.Matches(_connection)) return; // TryEdit sees it and gives up
        Execute(editing ? DatabaseSchema.Staging : DatabaseSchema.Create);
        _insert = new InsertCommands(_connection);
    }

    /// <summary>The temporary file being written.</summary>
    public string TempPath { get; }

    /// <summary>Starts a new database for <paramref name="target"/>, removing temp files that killed updates left.</summary>
    public static DatabaseWriter Create(string target)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(dir);
        CleanStaleTempFiles(target);
        var temp = TempFor(target);
        File.Delete(temp);
        return new DatabaseWriter(target, temp, editing: false);
    }

    /// <summary>
    /// Starts a new database for <paramref name="target"/> from a copy of <paramref name="baseDatabase"/> (moved instead
    /// when <paramref name="moveBase"/>: a file of the caller's own), to be edited and renamed over the target like a new
    /// one: readers keep the old file, a crash leaves it intact. Null, with the base left where it was, when the base's
    /// schema is not exactly this version's (an older file, or one with objects of its own): the caller then builds anew.
    /// </summary>
    public static DatabaseWriter? TryEdit(string target, string baseDatabase, bool moveBase)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(dir);
        CleanStaleTempFiles(target);
        var temp = TempFor(target);
        File.Delete(temp);
        if (moveBase) File.Move(baseDatabase, temp);
        else File.Copy(baseDatabase, temp);
        var writer = new DatabaseWriter(target, temp, editing: true);
        if (writer._insert is not null) return writer;
        writer._connection.Dispose();
        SqliteConnection.ClearPool(writer._connection);
        if (moveBase) File.Move(temp, baseDatabase);
        else File.Delete(temp);
        writer._committed = true;
        return null;
    }

    private static string TempFor(string target) => target + ".new-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Deletes <c>&lt;db&gt;.new-*</c> files whose process is gone.</summary>
    public static void CleanStaleTempFiles(string target)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(target))!;
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.EnumerateFiles(dir, Path.GetFileName(target) + ".new-*"))
        {
            var pidText = file[(file.LastIndexOf('-') + 1)..];
            if (int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && DrydockTemp.IsAlive(pid)) continue;
            try { File.Delete(file); }
            catch (IOException) { /* another cleaner raced us; harmless */ }
        }
    }

    /// <summary>
    /// Adds every record of <paramref name="records"/>, in order; returns how many were read. The records are read on a
    /// second thread, a bounded number ahead of the inserts (<see cref="RecordPipe"/>).
    /// </summary>
    public Task<long> AddAsync(IAsyncEnumerable<AdvisoryRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        return RecordPipe.DrainAsync(records, Add, cancellationToken);
    }

    public void Add(AdvisoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _transaction ??= _connection.BeginTransaction();
        _insert!.Bind(_transaction);
        if (record.Vulnerability is { } v) _insert.Vulnerability(v);
        foreach (var row in record.Affected) _insert.Affected(row);
        foreach (var cpe in record.ProductCpes) _insert.ProductCpe(cpe);
        foreach (var lifecycle in record.Lifecycles) _insert.Lifecycle(lifecycle);
        if (++_pending >= BatchSize) Flush();
    }

    public void SetFeed(FeedState feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        Flush();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO feed VALUES($n,$u,$f,$e,$l,$r)";
        cmd.Parameters.AddWithValue("$n", feed.Name);
        cmd.Parameters.AddWithValue("$u", (object?)feed.Url ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$f", (object?)feed.FetchedAt?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$e", (object?)feed.ETag ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$l", (object?)feed.LastModified ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$r", feed.Records);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Sets one <c>meta</c> key (per-feed update state, see <see cref="FeedHealth"/>); null removes it.</summary>
    public void SetMeta(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        Flush();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = value is null ? "DELETE FROM meta WHERE key=$k" : "INSERT OR REPLACE INTO meta VALUES($k,$v)";
        cmd.Parameters.AddWithValue("$k", key);
        if (value is not null) cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Copies what <paramref name="feed"/> holds in the database at <paramref name="oldDatabase"/> into this one (see <see cref="FeedRowCopier"/>).</summary>
    public void CopyFeed(string oldDatabase, string feed)
    {
        Flush();
        FeedRowCopier.Copy(_connection, oldDatabase, feed);
    }

    /// <summary>Takes what <paramref name="feed"/> holds out of the database being edited (see <see cref="FeedRowRemover"/>).</summary>
    public void RemoveFeed(string feed)
    {
        if (!_editing) throw new InvalidOperationException("only an edited database has feeds to remove");
        Flush();
        FeedRowRemover.Remove(_connection, feed);
    }

    /// <summary>
    /// Takes out of the database being edited the vulnerability details that <paramref name="feeds"/> own
    /// (<see cref="OwnedDetails"/>, ownership as the file stands now): before a changed feed of an owned-details artifact
    /// is replaced, so that its new layer's details replace the old ones instead of merging under them.
    /// </summary>
    public void RemoveOwnedDetails(IReadOnlyCollection<string> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        if (!_editing) throw new InvalidOperationException("only an edited database has details to remove");
        if (feeds.Count == 0) return;
        Flush();
        OwnedDetails.CreateOwnerTable(_connection, "temp.owner", "main");
        foreach (var feed in feeds) OwnedDetails.Delete(_connection, "main", "temp.owner", feed, owned: true);
        Execute("DROP TABLE temp.owner");
    }

    /// <summary>Writes the metadata and indexes, closes the file and renames it over the target.</summary>
    public void Commit(DateTimeOffset builtAt)
    {
        Flush();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "INSERT OR REPLACE INTO meta VALUES('schema_version',$v),('built_at',$b)";
            cmd.Parameters.AddWithValue("$v", DatabaseSchema.Version.ToString(CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$b", builtAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
        }
        _insert!.Dispose(); // its statements name the staging table that CreateIndexes drops
        if (_editing) MergeStaging();
        else Execute(DatabaseSchema.CreateIndexes + "ANALYZE;");
        Execute(DatabaseSchema.RefreshNamespaceSources);
        _connection.Close();
        SqliteConnection.ClearPool(_connection);
        SafeFileWriter.Install(TempPath, _target);
        _committed = true;
    }

    // The edited file already has its clustered table: the staged rows join it, and the planner's statistics are
    // refreshed from a sample (analysis_limit), not from a scan of every table.
    private void MergeStaging()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM affected";
        var seqBase = (long)cmd.ExecuteScalar()!;
        cmd.CommandText = DatabaseSchema.MergeStaging;
        cmd.Parameters.AddWithValue("$base", seqBase);
        cmd.ExecuteNonQuery();
        Execute("PRAGMA analysis_limit=1000; ANALYZE;");
    }

    private void Flush()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        _pending = 0;
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_committed) return;
        _transaction?.Dispose();
        _insert?.Dispose();
        _connection.Dispose();
        SqliteConnection.ClearPool(_connection);
        try { File.Delete(TempPath); }
        catch (IOException) { /* left for CleanStaleTempFiles */ }
        _committed = true;
    }
}
