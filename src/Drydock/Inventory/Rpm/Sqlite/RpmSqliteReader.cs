using Microsoft.Data.Sqlite;

namespace Drydock.Inventory.Rpm.Sqlite;

/// <summary>
/// Reads header blobs from rpm's SQLite backend (rpm ≥ 4.16, lib/backend/sqlite.c): table <c>Packages</c> with
/// columns <c>hnum</c> (header number) and <c>blob</c> (the header). SQLite needs a file, so the content is copied
/// to a private temporary file (random name) that is deleted afterwards, with its -wal/-shm companions.
/// </summary>
internal static class RpmSqliteReader
{
    public static RpmBlobs Read(Stream content, CancellationToken cancellationToken)
    {
        var path = DrydockTemp.NewPath("rpmdb-", ".sqlite");
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                content.CopyTo(file);
            }
            var blobs = new List<byte[]>();
            var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
            using var db = new SqliteConnection(connection.ToString());
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT blob FROM Packages ORDER BY hnum";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!reader.IsDBNull(0)) blobs.Add((byte[])reader.GetValue(0));
            }
            return new RpmBlobs(blobs, []);
        }
        catch (SqliteException ex)
        {
            return new RpmBlobs([], ["not a readable rpm sqlite database: " + ex.Message]);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
        }
    }
}
