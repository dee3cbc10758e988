namespace Drydock.Hosts.Audit;

/// <summary>The audit as a tab-separated table for a terminal: one line per container, then failed hosts.</summary>
public static class HostAuditTableWriter
{
    public static void Write(HostAuditReport report, TextWriter output)
    {
        output.WriteLine("HOST\tCONTAINER\tIMAGE\tSTATUS\tIN USE\tLATEST\tAGE\tBASE\tNEWER TAGS");
        foreach (var c in report.Containers)
        {
            var status = c.Stale switch { true => "stale", false => "current", null => "unknown" } + (c.Dangling ? ",dangling" : "");
            var basePart = c.BaseImage is { } b ? $"{b.Reference}{(b.Trusted ? "" : " (untrusted)")}{(b.RebuildNeeded == true ? " rebuild-needed" : "")}" : "-";
            output.WriteLine(string.Join('\t',
                c.Host, c.Name, c.Image, status, Short(c.ImageDigest ?? c.ImageId), Short(c.LatestDigest), c.AgeDays is { } a ? $"{a}d" : "-",
                basePart, c.NewerTags.Count == 0 ? "-" : string.Join(',', c.NewerTags)));
        }
        foreach (var h in report.Hosts.Where(h => h.Error is not null)) output.WriteLine($"{h.Host}\terror: {h.Error}");
    }

    private static string Short(string? digest) =>
        digest is null ? "-" : digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;
}
