using System.Globalization;
using Drydock.Images.Sources.Archives;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.Sources;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DrydockTempTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SweepDeadProcesses_DirectoriesOfGoneProcesses_RemovedOthersKept()
    {
        // Given: what a SIGKILLed scan leaves (its pid is gone), a live process's directory, ours, and a stranger's
        var root = Directory.CreateDirectory(_dir.Path("tmp")).FullName;
        var dead = Directory.CreateDirectory(Path.Combine(root, "drydock-2147483600-0a1b")).FullName;
        File.WriteAllBytes(Path.Combine(dead, "drydock-x.tar"), new byte[10]);
        var live = Directory.CreateDirectory(Path.Combine(root, "drydock-1-cafe")).FullName;
        var ours = Directory.CreateDirectory(Path.Combine(root, $"drydock-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-beef")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(root, "notes")).FullName;

        // When
        var removed = DrydockTemp.SweepDeadProcesses(root);

        // Then
        Assert.Equal(1, removed);
        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(live) && Directory.Exists(ours) && Directory.Exists(other));
    }

    [Fact]
    public void SweepDeadProcesses_WorldWritableRoot_RemovesNothing()
    {
        // Given: a root others may write to (a stale-looking entry there may be a trap aimed elsewhere)
        var root = Directory.CreateDirectory(_dir.Path("shared")).FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0x1ff);
        var dead = Directory.CreateDirectory(Path.Combine(root, "drydock-2147483600-0a1b")).FullName;

        // When
        var removed = DrydockTemp.SweepDeadProcesses(root);

        // Then
        Assert.Equal(0, removed);
        Assert.True(Directory.Exists(dead));
    }

    [Fact]
    public void DecompressIfNeeded_ScanCancelled_StopsAndRemovesItsFile()
    {
        // Given: a gzip-compressed archive and a cancelled scan
        var archive = _dir.Path("img.tar.gz");
        File.WriteAllBytes(archive, TarBuilder.Gzip(new TarBuilder().File("a", "1").Build()));
        var temp = Directory.CreateDirectory(_dir.Path("t")).FullName;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // When / Then: the decompression loop saw no token before
        Assert.ThrowsAny<OperationCanceledException>(() => CompressedArchive.DecompressIfNeeded(archive, temp, cancelled.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [Fact]
    public void Open_ArchiveOfMoreEntriesThanAnImageHolds_Refused()
    {
        // Given: 100,001 empty entries (each costs the index memory; an image archive holds a few thousand)
        var builder = new TarBuilder(System.Formats.Tar.TarEntryFormat.Gnu);
        for (var i = 0; i <= TarArchive.MaxEntries; i++) builder.File($"f{i}", "");
        File.WriteAllBytes(_dir.Path("many.tar"), builder.Build());

        // When
        var e = Assert.Throws<DrydockException>(() => TarArchive.Open(_dir.Path("many.tar"), _dir.Path("t")));

        // Then
        Assert.Equal($"{_dir.Path("many.tar")} holds more than 100000 entries: not an image archive (refused)", e.Message);
    }

    [Fact]
    public void DecompressIfNeeded_GzipBomb_StopsAtTheRatioBeforeWritingItAll()
    {
        // Given: 64 MiB of zeros in about 64 KiB of gzip (the bound on the final size, 200 × max(size, 1 MiB), let it all through)
        var bomb = _dir.Path("bomb.tar.gz");
        using (var file = File.Create(bomb))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.SmallestSize))
            gzip.Write(new byte[64 << 20]);
        var temp = Directory.CreateDirectory(_dir.Path("t")).FullName;

        // When
        var e = Assert.Throws<DrydockException>(() => CompressedArchive.DecompressIfNeeded(bomb, temp, long.MaxValue, 1 << 20));

        // Then
        Assert.Equal($"{bomb} expands more than 200× when decompressed (decompression bomb?)", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [Fact]
    public void SqliteTempDirectory_Set_ATempTableThatSpillsOpensItsFileThere()
    {
        // Given: issue 18 found SQLite's spill files in /var/tmp, outside the Drydock temp dir and never swept
        var before = SqliteTempDirectory.Current();
        var dir = Directory.CreateDirectory(_dir.Path("spill")).FullName;
        SqliteTempDirectory.Set(dir);
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();

            // When: a temp table far larger than a 64 KiB page cache
            command.CommandText = "PRAGMA temp_store = FILE; PRAGMA cache_size = -64; CREATE TEMP TABLE t(x); "
                                  + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
                                  + "INSERT INTO t SELECT randomblob(100) FROM n;";
            command.ExecuteNonQuery();

            // Then: SQLite unlinks its temp files at once; the open descriptor still names where it was made
            var open = Directory.GetFiles("/proc/self/fd").Select(fd =>
            {
                try
                {
                    return new FileInfo(fd).LinkTarget ?? "";
                }
                catch (IOException)
                {
                    return "";
                }
            }).ToList();
            Assert.Contains(open, target => target.StartsWith(dir + "/", StringComparison.Ordinal));
        }
        finally
        {
            SqliteTempDirectory.Set(before.Length > 0 ? before : DrydockTemp.ProcessDirectory);
        }
    }

    [Fact]
    public void SqliteTempDirectory_Set_SqliteSpillsIntoIt()
    {
        // Given
        var before = SqliteTempDirectory.Current();
        var dir = Directory.CreateDirectory(_dir.Path("sqlite's tmp")).FullName;

        // When
        SqliteTempDirectory.Set(dir);
        var current = SqliteTempDirectory.Current();
        SqliteTempDirectory.Set(before.Length > 0 ? before : DrydockTemp.ProcessDirectory);

        // Then
        Assert.Equal(dir, current);
    }

    [Fact]
    public void SqliteTempDirectory_Named_IsSetBeforeTheNextConnectionIsMade()
    {
        // Given: the directory is named at start, but SQLite is loaded only when a connection is made (issue 17)
        var before = SqliteTempDirectory.Current();
        var dir = Directory.CreateDirectory(_dir.Path("named, set later")).FullName;

        // When
        SqliteTempDirectory.Name(dir);
        var current = SqliteTempDirectory.Current(); // its connection comes from SqliteConnections.Create
        SqliteTempDirectory.Set(before.Length > 0 ? before : DrydockTemp.ProcessDirectory);

        // Then
        Assert.Equal(dir, current);
    }

    [Fact]
    public void SqliteConnections_EveryConnectionInTheSourceIsMadeThere()
    {
        // Given: a connection made with `new SqliteConnection` could use a temp file before the directory is set
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Drydock.slnx"))) root = root.Parent!;
        var src = Path.Combine(root.FullName, "src");

        // When
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.EndsWith("SqliteTempDirectory.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("new SqliteConnection(", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();

        // Then
        Assert.Empty(offenders);
    }

    [Fact]
    public void ProcessDirectory_UnderConfiguredRoot_NamedWithPidAndPrivate()
    {
        // Given
        var root = _dir.Path("configured");

        // When
        string dir;
        try
        {
            DrydockTemp.Configure(root);
            dir = DrydockTemp.ProcessDirectory;
        }
        finally
        {
            DrydockTemp.Configure(null);
        }

        // Then
        Assert.Equal(root, Path.GetDirectoryName(dir));
        Assert.StartsWith($"drydock-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-", Path.GetFileName(dir), StringComparison.Ordinal);
        Assert.Equal((UnixFileMode)0x1c0, File.GetUnixFileMode(dir));
    }
}
