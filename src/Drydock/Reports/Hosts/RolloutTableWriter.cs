using System.Globalization;
using Drydock.Hosts.Rollout;

namespace Drydock.Reports.Hosts;

/// <summary>
/// The run report of <c>host update</c> as tab-separated lines (docs/hosts.md "Run report"): a header, one line per
/// container (a host without containers, or that failed before reaching them, gets one line with <c>-</c>), and a
/// closing <c>#</c> summary line with the host counts and why the run stopped early.
/// </summary>
public static class RolloutTableWriter
{
    public static void Write(RolloutReport report, TextWriter w)
    {
        w.WriteLine("HOST\tCONTAINER\tOUTCOME\tFROM\tTO\tHEALTH\tDURATION\tMESSAGE");
        foreach (var h in report.Hosts)
        {
            if (h.Containers.Count == 0 || h.Error is not null)
                w.WriteLine($"{h.Host}\t-\t{RolloutNames.Of(h.Outcome)}\t-\t-\t-\t{Seconds(h.Duration)}\t{h.Error ?? "no container selected"}");
            foreach (var c in h.Containers)
                w.WriteLine($"{h.Host}\t{c.Name}\t{RolloutNames.Of(c.Outcome)}\t{Short(c.FromImageId)}\t{Short(c.ToImageId)}\t{c.Health ?? "-"}\t{Seconds(c.Duration)}\t{c.Message}");
        }
        var counts = string.Join(", ", Enum.GetValues<HostOutcome>().Select(o => $"{report.Count(o)} {RolloutNames.Of(o)}"));
        w.WriteLine($"# {report.Hosts.Count} host{(report.Hosts.Count == 1 ? "" : "s")}: {counts}{(report.Halted is null ? "" : "; halted: " + report.Halted)}");
    }

    private static string Short(string? id) => id is null ? "-" : id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length > 19 ? id[7..19] : id;

    internal static string Seconds(TimeSpan d) => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
