using Microsoft.Data.Sqlite;

namespace Drydock.Inventory.Rpm.Sqlite;

/// <summary>
/// Reads header blobs from rpm's SQLite backend (rpm ≥ 4.16, lib/backend/sqlite.c): table <c>Packages</c> with
/// columns <c>hnum</c> (header number) and <c>blob</c> (the header). The file comes from an image, so it is opened as
/// <see cref="UntrustedSqlite"/> and <c>Packages</c> is accepted only as an ordinary table (not a view or virtual
/// table) whose <c>hnum</c> and <c>blob</c> are stored, not generated, columns; rows, bytes, query steps and time are
/// bounded (<see cref="PackageDatabaseLimits"/>), so a table scan costs at most the file. SQLite needs a file, so the
/// content is copied to a private temporary file (random name) that is deleted afterwards.
/// </summary>
internal static class RpmSqliteReader
{
    public static RpmBlobs Read(Stream content, CancellationToken cancellationToken) =>
        Read(content, PackageDatabaseLimits.MaxRpmSqliteSteps, PackageDatabaseLimits.MaxRpmSqliteTime, cancellationToken);

    public static RpmBlobs Read(Stream content, long maxSteps, TimeSpan maxTime, CancellationToken cancellationToken)
    {
        var path = DrydockTemp.NewPath("rpmdb-", ".sqlite");
        UntrustedSqlite? db = null;
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                content.CopyTo(file);
            }
            db = new UntrustedSqlite(path, maxSteps, maxTime, cancellationToken);
            if (SchemaProblem(db) is { } problem) return new RpmBlobs([], [problem]);
            return ReadRows(db, cancellationToken);
        }
        catch (SqliteException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("rpm sqlite database read cancelled", ex, cancellationToken);
        }
        catch (SqliteException ex) when (db?.StoppedBecause is { } why)
        {
            return new RpmBlobs([], [$"rpm sqlite database not read: {why}: {ex.SqliteErrorCode}"]);
        }
        catch (SqliteException ex)
        {
            return new RpmBlobs([], ["not a readable rpm sqlite database: " + ex.Message]);
        }
        finally
        {
            db?.Dispose();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
        }
    }

    // rpm creates: CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL).
    private static string? SchemaProblem(UntrustedSqlite db)
    {
        using (var command = db.Command("SELECT type, sql FROM sqlite_schema WHERE name = 'Packages' COLLATE NOCASE"))
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read()) return "not an rpm sqlite database: no table 'Packages'";
            var (type, sql) = (reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1));
            if (type != "table" || sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase))
                return $"not an rpm sqlite database: 'Packages' is a {(type == "table" ? "virtual table" : type)}, not a table; not read";
        }
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        using (var command = db.Command("SELECT name, hidden FROM pragma_table_xinfo('Packages')"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) columns[reader.GetString(0)] = reader.GetInt32(1);
        }
        foreach (var name in new[] { "hnum", "blob" })
        {
            if (!columns.TryGetValue(name, out var hidden)) return $"not an rpm sqlite database: 'Packages' has no column '{name}'";
            if (hidden != 0) return $"not an rpm sqlite database: column '{name}' of 'Packages' is generated or hidden; not read";
        }
        return null;
    }

    private static RpmBlobs ReadRows(UntrustedSqlite db, CancellationToken cancellationToken)
    {
        var rows = new List<(long Hnum, byte[] Blob)>();
        var problems = new List<string>();
        long bytes = 0;
        using var command = db.Command("SELECT hnum, length(blob), blob FROM Packages");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows.Count == PackageDatabaseLimits.MaxRpmRows)
            {
                problems.Add($"more than {PackageDatabaseLimits.MaxRpmRows} rows in 'Packages'; the rest are not read");
                break;
            }
            if (reader.IsDBNull(2)) continue;
            var length = reader.GetInt64(1);
            if (length > PackageDatabaseLimits.MaxRpmBlobBytesEach || bytes + length > PackageDatabaseLimits.MaxRpmBlobBytes)
            {
                problems.Add($"header {reader.GetValue(0)} of {length} bytes passes the bound "
                             + $"({PackageDatabaseLimits.Format(PackageDatabaseLimits.MaxRpmBlobBytesEach)} each, "
                             + $"{PackageDatabaseLimits.Format(PackageDatabaseLimits.MaxRpmBlobBytes)} in all); the rest are not read");
                break;
            }
            bytes += length;
            if (reader.GetValue(2) is byte[] blob) rows.Add((reader.IsDBNull(0) ? 0 : reader.GetInt64(0), blob));
            else problems.Add($"header {reader.GetValue(0)} is not a blob; skipped");
        }
        return new RpmBlobs([.. rows.OrderBy(r => r.Hnum).Select(r => r.Blob)], problems);
    }
}
