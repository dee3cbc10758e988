using System.Diagnostics;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Versions;
namespace Drydock.Benchmarks;
internal static class ProfileTmp
{
    public static int Run()
    {
        var inv = MatchingData.Inventory();
        using var store = SqliteAdvisoryStore.Open(MatchingData.DatabasePath);
        for (var k = 0; k < 3; k++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var w = Stopwatch.StartNew();
            var rows = new List<Drydock.Vulnerabilities.Feeds.AffectedPackage>();
            foreach (var p in inv.Packages) rows.AddRange(store.GetAffected("debian:12", p.Name));
            var t1 = w.Elapsed.TotalMilliseconds; var c1 = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            w.Restart(); cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var cmp = new DebVersionComparer(); var n = 0;
            foreach (var r in rows) if (cmp.Compare("1.38-1", r.Fixed!) < 0) n++;
            var t2 = w.Elapsed.TotalMilliseconds; var c2 = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            w.Restart(); cpu = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var r in rows.Take(250)) store.GetVulnerability(r.VulnerabilityId);
            var t3 = w.Elapsed.TotalMilliseconds; var c3 = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            Console.WriteLine($"affected {rows.Count} rows {t1:F1} ms (cpu {c1:F0}); compare {n} {t2:F1} ms (cpu {c2:F0}); details 250 {t3:F1} ms (cpu {c3:F0})");
        }
        return 0;
    }
}
