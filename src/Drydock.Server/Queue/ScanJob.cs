namespace Drydock.Server.Queue;

/// <summary>A claimed job: what to scan, which attempt this is, and the lease its worker holds.</summary>
public sealed record ScanJob(long Id, string Kind, string Reference, int Attempt, string? PinnedTo);

/// <summary>A job's public state (<c>GET /api/v1/scans/{id}</c>, Harbor's report polling).</summary>
public sealed record JobStatus(long Id, string Kind, string Reference, string State, int Attempts, string? Error, string? Digest, string? DatabaseVersion,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? DetailsJson = null);

/// <summary>The job kinds: a scan asked for through the Drydock API or through Harbor's scanner API.</summary>
public static class JobKinds
{
    public const string Scan = "scan";
    public const string Harbor = "harbor";
}
