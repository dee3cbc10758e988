using System.Diagnostics;
using Drydock.Inventory;
using Drydock.Inventory.Rpm;
using Drydock.Inventory.Rpm.Sqlite;
using Microsoft.Data.Sqlite;

namespace Drydock.Benchmarks;

/// <summary>
/// Whole-process figure for issue 3's target, "an rpm database of 1,000 packages parsed in under 200 ms". No real
/// rpmdb of that size is in ../shared/testdata, so one is made from go-rpmdb's real Amazon Linux 2023 rpmdb.sqlite
/// (103 headers): its <c>Packages</c> rows are copied until the table holds 1,000 headers. Each run is the path a scan
/// takes: the file's bytes as a stream, the temp copy and SQLite read (<see cref="RpmSqliteReader"/>), then every
/// header decoded and turned into a package.
/// </summary>
internal static class RpmDatabaseBenchmark
{
    private const int Packages = 1_000;

    public static int Run(int runs)
    {
        var path = EnsureDatabase();
        var wall = new List<double>();
        var cpu = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var cpuStart = VulnerabilityBenchmark.CpuMs();
            using var stream = File.OpenRead(path);
            var blobs = RpmSqliteReader.Read(stream, CancellationToken.None).Blobs;
            var read = watch.Elapsed.TotalMilliseconds;
            var count = 0;
            foreach (var blob in blobs)
            {
                if (RpmHeaderParser.Parse(blob, out _) is { } h && RpmPackageFactory.Build(h, OsInfo.Unknown, "var/lib/rpm/rpmdb.sqlite", 0) is not null)
                    count++;
            }
            wall.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add(VulnerabilityBenchmark.CpuMs() - cpuStart);
            Console.WriteLine($"run {run + 1}: {count} packages from {blobs.Count} headers in {wall[^1]:F1} ms (cpu {cpu[^1]:F0} ms; SQLite read {read:F1} ms, headers {wall[^1] - read:F1} ms)");
        }
        Console.WriteLine($"median: rpmdb.sqlite of {Packages:N0} packages read and parsed in {VulnerabilityBenchmark.Median(wall):F1} ms (cpu {VulnerabilityBenchmark.Median(cpu):F0} ms); "
            + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }

    private static string EnsureDatabase()
    {
        var target = Path.Combine(MatchingData.Folder, "rpmdb-1000.sqlite");
        if (File.Exists(target)) return target;
        Directory.CreateDirectory(MatchingData.Folder);
        var partial = target + ".partial";
        File.Copy(RpmParseBenchmark.FindDatabase(), partial, overwrite: true);
        using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            db.Open();
            using var command = db.CreateCommand();
            // Doubling the real rows, then cutting back to exactly 1,000 (rpm's own hnum order is kept).
            command.CommandText = """
                INSERT INTO Packages(blob) SELECT blob FROM Packages;
                INSERT INTO Packages(blob) SELECT blob FROM Packages;
                INSERT INTO Packages(blob) SELECT blob FROM Packages;
                INSERT INTO Packages(blob) SELECT blob FROM Packages;
                DELETE FROM Packages WHERE hnum NOT IN (SELECT hnum FROM Packages ORDER BY hnum LIMIT 1000);
                VACUUM;
                """;
            command.ExecuteNonQuery();
        }
        File.Move(partial, target);
        return target;
    }
}
