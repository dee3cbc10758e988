using Drydock.Hosts.Audit;

namespace Drydock.Reports;

/// <summary>The audit as a tab-separated table for a terminal: one line per container, then failed hosts.</summary>
public static class HostAuditTableWriter
{
    public static void Write(HostAuditReport report, TextWriter output)
    {
        // VULNS C/H/M/L/U: critical/high/medium/low/unknown; n/a without a database, "scan failed" when the scan failed (said below).
        output.WriteLine("HOST\tCONTAINER\tIMAGE\tSTATUS\tIN USE\tLATEST\tAGE\tVULNS C/H/M/L/U\tBASE\tNEWER TAGS");
        foreach (var c in report.Containers)
        {
            var status = c.Stale switch { true => "stale", false => "current", null => "unknown" } + (c.Dangling ? ",dangling" : "")
                + (c.Pin is { Pinned: true } ? ",pinned" : "") + (c.Rejected.Count > 0 ? ",rejected" : "");
            var basePart = c.BaseImage is { } b ? $"{b.Reference}{(b.Trusted ? "" : " (untrusted)")}{(b.RebuildNeeded == true ? " rebuild-needed" : "")}" : "-";
            output.WriteLine(string.Join('\t',
                c.Host, c.Name, c.Image, status, Short(c.ImageDigest ?? c.ImageId), Short(c.LatestDigest), c.AgeDays is { } a ? $"{a}d" : "-",
                c.Vulnerabilities?.ToString() ?? (c.VulnerabilityScanFailed ? "scan failed" : "n/a"), basePart, c.NewerTags.Count == 0 ? "-" : string.Join(',', c.NewerTags)));
        }
        foreach (var h in report.Hosts.Where(h => h.Error is not null)) output.WriteLine($"{h.Host}\terror: {h.Error}");
        // The daemon findings of each engine (docs/hosts.md "Daemon findings"), one line each.
        foreach (var h in report.Hosts)
        {
            foreach (var f in h.Findings) output.WriteLine($"{h.Host}\tengine {f.Id} {f.Outcome}: {f.Reason}");
        }
        foreach (var c in report.Containers.Where(c => c.Pin is { Pinned: true }))
            output.WriteLine($"{c.Host}\t{c.Name}\tpinned to {Short(c.Pin!.ImageId)} by host rollback; 'host update --unpin {c.Name}' follows {c.Pin.Reference} again");
        foreach (var c in report.Containers)
        {
            foreach (var r in c.Rejected) output.WriteLine($"{c.Host}\t{c.Name}\trejected {Short(r.ImageId)}: {r.Reason}");
        }
        // Say once why there are no counts (no database, or a scan error) rather than leaving "n/a" unexplained.
        foreach (var why in report.Containers.Where(c => c.Vulnerabilities is null && !c.VulnerabilityScanFailed).Select(c => c.VulnerabilityError).OfType<string>().Distinct(StringComparer.Ordinal))
            output.WriteLine($"vulnerabilities n/a: {why}");
        foreach (var failed in report.FailedScans()) output.WriteLine($"vulnerabilities not checked: {failed}");
    }

    private static string Short(string? digest) =>
        digest is null ? "-" : digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;
}
