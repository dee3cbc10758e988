using Drydock.Inventory;
using Drydock.Inventory.Rpm;
using Drydock.Inventory.Rpm.Sqlite;
using Drydock.Tests.Builders;
using Microsoft.Data.Sqlite;

namespace Drydock.Tests.Inventory.Rpm;

/// <summary>Issue 18: an rpmdb.sqlite from an image is untrusted; its schema must not run queries of its choosing.</summary>
public sealed class RpmSqliteHostileTests
{
    private static readonly OsInfo Fedora = new() { Family = "fedora", Version = "40" };

    /// <summary>An sqlite database file made by <paramref name="sql"/>, as bytes.</summary>
    internal static byte[] Database(string sql)
    {
        var path = Path.Combine(Path.GetTempPath(), "drydock-test-" + Guid.NewGuid().ToString("N") + ".sqlite");
        try
        {
            using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                db.Open();
                using var command = db.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static AnalyzerResult Analyze(byte[] database, CancellationToken cancellationToken = default)
    {
        var fs = new MemoryFileSystem().AddFile("var/lib/rpm/rpmdb.sqlite", database, layer: 2);
        return RpmDatabaseAnalyzer.Sqlite.Analyze(new AnalysisContext(fs.KeepingOnly(RpmDatabaseAnalyzer.Sqlite), Fedora, cancellationToken));
    }

    [Fact]
    public void Analyze_PackagesIsANeverEndingRecursiveView_RefusedWithAWarning()
    {
        // Given: the 352-byte kind of layer that hung main past --timeout, SIGTERM and SIGINT
        var db = Database("CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, zeroblob(1024) "
                          + "UNION ALL SELECT hnum + 1, blob FROM r) SELECT hnum, blob FROM r;");

        // When
        var result = Analyze(db);

        // Then
        Assert.Empty(result.Packages);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("var/lib/rpm/rpmdb.sqlite", (int?)2), (warning.Path, warning.LayerIndex));
        Assert.Contains("'Packages' is a view, not a table", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_GeneratedBlobColumn_Refused()
    {
        // Given: a real table whose blob is computed (zeroblob of a gigabyte per row would be one query step)
        var db = Database("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, n INTEGER, blob BLOB AS (zeroblob(n)));"
                          + "INSERT INTO Packages (hnum, n) VALUES (1, 1000000000);");

        // When
        var result = Analyze(db);

        // Then
        Assert.Contains("column 'blob' of 'Packages' is generated", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_MissingColumn_Refused()
    {
        var result = Analyze(Database("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, data BLOB);"));

        Assert.Contains("'Packages' has no column 'blob'", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StepBudgetSpent_StopsWithAProblem()
    {
        // Given: 20,000 rows and a budget of 10,000 query steps
        var db = Database("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB NOT NULL);"
                          + "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 20000) "
                          + "INSERT INTO Packages SELECT i, x'00' FROM r;");

        // When
        var blobs = RpmSqliteReader.Read(new MemoryStream(db), 10_000, TimeSpan.FromMinutes(1), CancellationToken.None);

        // Then
        Assert.Empty(blobs.Blobs);
        Assert.Equal("rpm sqlite database not read: more than 10000 query steps: 9", Assert.Single(blobs.Problems));
    }

    [Fact]
    public void Read_Cancelled_ThrowsAndLeavesNoFile()
    {
        // Given
        var db = Database("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB NOT NULL); INSERT INTO Packages VALUES (1, x'00');");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var before = Directory.GetFiles(Path.GetTempPath(), "drydock-rpmdb-*").Length;

        // When / Then
        Assert.ThrowsAny<OperationCanceledException>(() => RpmSqliteReader.Read(new MemoryStream(db), cts.Token));
        Assert.True(Directory.GetFiles(Path.GetTempPath(), "drydock-rpmdb-*").Length <= before);
    }

    [Fact]
    public void Read_PlainRpmTable_ReadsRowsInHeaderOrder()
    {
        // Given: rpm's own schema; rows stored out of hnum order
        var db = Database("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);"
                          + "INSERT INTO Packages VALUES (2, x'02'); INSERT INTO Packages VALUES (1, x'01');");

        // When
        var blobs = RpmSqliteReader.Read(new MemoryStream(db), CancellationToken.None);

        // Then
        Assert.Equal([[1], [2]], blobs.Blobs);
        Assert.Empty(blobs.Problems);
    }
}
