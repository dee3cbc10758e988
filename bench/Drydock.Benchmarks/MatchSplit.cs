using System.Diagnostics;
using Drydock.Inventory;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;
using Microsoft.Data.Sqlite;

namespace Drydock.Benchmarks;

/// <summary>
/// <c>match N --split</c>: where a match after open goes, each part timed on its own freshly opened file (so each pays
/// the cold page cache a scan pays): open; the B-tree lookups alone (the same keys, rows stepped but no column read, on
/// a second connection with the store's pragmas); lookups plus decoding into <see cref="AffectedPackage"/> records
/// (<see cref="SqliteAdvisoryStore.GetAffected"/>), so decode = that minus the lookups; the version comparisons
/// (<see cref="RangeEvaluator.IsAffected"/> over every row read); and a whole match with its detail reads.
/// </summary>
internal static class MatchSplit
{
    public static int Run(ImageInventory inventory, int runs)
    {
        var keys = inventory.Packages.Select(p => (Ns: "debian:12", Name: p.AdvisoryName, p.Version)).ToList();
        // Per part: wall time, and this process's CPU time over the same span (on a shared machine the wall time
        // includes waiting for a core; the work is single-threaded, so CPU time is the part's own cost).
        var parts = new Dictionary<string, (List<double> Wall, List<double> Cpu)>(StringComparer.Ordinal);
        var cpuMark = 0.0;
        void Mark() => cpuMark = VulnerabilityBenchmark.CpuMs();
        void Add(string part, double ms)
        {
            if (!parts.TryGetValue(part, out var l)) parts[part] = l = ([], []);
            l.Wall.Add(ms);
            l.Cpu.Add(VulnerabilityBenchmark.CpuMs() - cpuMark);
        }
        for (var run = 0; run < runs; run++)
        {
            var cpu = VulnerabilityBenchmark.CpuMs();
            Mark();
            var watch = Stopwatch.StartNew();
            using (var opened = SqliteAdvisoryStore.Open(MatchingData.DatabasePath)) Add("open", watch.Elapsed.TotalMilliseconds);

            Mark();
            var rowsSeen = LookupsOnly(keys);
            Add("lookups (step only)", rowsSeen.Ms);

            using var store = SqliteAdvisoryStore.Open(MatchingData.DatabasePath);
            Mark();
            watch.Restart();
            var rows = keys.ConvertAll(k => store.GetAffected(k.Ns, k.Name));
            Add("lookups + decode", watch.Elapsed.TotalMilliseconds);

            Mark();
            watch.Restart();
            var affected = 0;
            for (var i = 0; i < keys.Count; i++)
                foreach (var row in rows[i])
                    if (RangeEvaluator.IsAffected(row, keys[i].Version) == true) affected++;
            Add("version compare", watch.Elapsed.TotalMilliseconds);

            using var fresh = SqliteAdvisoryStore.Open(MatchingData.DatabasePath);
            var timed = new TimedAdvisoryStore(fresh);
            Mark();
            watch.Restart();
            var findings = VulnerabilityScanner.MatchAll(inventory, timed).Findings.Count;
            var total = watch.Elapsed.TotalMilliseconds;
            Add("whole match after open", total);
            Console.WriteLine($"  whole match: lookups + decode {timed.Affected.TotalMilliseconds:F1} ms, detail reads {timed.Details.TotalMilliseconds:F1} ms, "
                + $"the rest (compare, findings) {total - timed.Affected.TotalMilliseconds - timed.Details.TotalMilliseconds:F1} ms wall");
            Console.WriteLine($"run {run + 1}: {rowsSeen.Rows} rows stepped, {rows.Sum(r => r.Count)} decoded, {affected} affected, {findings} findings, "
                + $"process cpu {VulnerabilityBenchmark.CpuMs() - cpu:F0} ms");
        }
        foreach (var (part, (wall, cpuMs)) in parts)
            Console.WriteLine($"median {part}: {VulnerabilityBenchmark.Median(wall):F1} ms wall, cpu {VulnerabilityBenchmark.Median(cpuMs):F1} ms");
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }

    // The store's lookup without its decoding: the same table and key, every row stepped, no column read.
    private static (double Ms, int Rows) LookupsOnly(List<(string Ns, string Name, string Version)> keys)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        { DataSource = MatchingData.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA cache_size=-16384; PRAGMA locking_mode=EXCLUSIVE;";
        pragma.ExecuteNonQuery();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = HasTable(connection, "affected_packed")
            ? "SELECT 1 FROM affected_packed WHERE namespace=$n AND package=$p"
            : "SELECT 1 FROM affected WHERE namespace=$n AND package=$p";
        var ns = cmd.Parameters.Add("$n", SqliteType.Text);
        var name = cmd.Parameters.Add("$p", SqliteType.Text);
        cmd.Prepare();
        var watch = Stopwatch.StartNew();
        var rows = 0;
        foreach (var key in keys)
        {
            ns.Value = key.Ns;
            name.Value = key.Name;
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows++;
        }
        return (watch.Elapsed.TotalMilliseconds, rows);
    }

    private static bool HasTable(SqliteConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=$t";
        cmd.Parameters.AddWithValue("$t", table);
        return cmd.ExecuteScalar() is not null;
    }
}
