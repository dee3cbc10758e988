namespace Drydock.Hosts.Audit;

/// <summary>The merged audit of one or more hosts, in deterministic order (host, then name / id).</summary>
public sealed record HostAuditReport(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<AuditedHost> Hosts,
    IReadOnlyList<AuditedContainer> Containers,
    IReadOnlyList<AuditedImage> Images)
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// One line per image whose vulnerability scan failed (<c>HOST IMAGE-ID: scan failed: …</c>), sorted: what the
    /// audit could not check. The CLI exits 3 when there is any (docs/hosts.md).
    /// </summary>
    public IReadOnlyList<string> FailedScans() =>
        Containers.Where(c => c.VulnerabilityScanFailed).Select(c => (c.Host, Id: c.ImageId, Error: c.VulnerabilityError))
            .Concat(Images.Where(i => i.VulnerabilityScanFailed).Select(i => (i.Host, i.Id, Error: i.VulnerabilityError)))
            .Select(x => $"{x.Host} {x.Id}: {x.Error}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static HostAuditReport Merge(DateTimeOffset generatedAt, IEnumerable<HostAudit> audits)
    {
        var list = audits.OrderBy(a => a.Host.Host, StringComparer.Ordinal).ToList();
        return new HostAuditReport(
            generatedAt,
            list.Select(a => a.Host).ToList(),
            list.SelectMany(a => a.Containers).OrderBy(c => c.Host, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList(),
            list.SelectMany(a => a.Images).OrderBy(i => i.Host, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal).ToList());
    }
}

/// <summary>
/// A host as audited: its negotiated API version, or the one-line error that kept it from being audited; the daemon's
/// product and version, and its daemon findings (<see cref="EngineFindings"/>: secure channel, content trust, end of life).
/// </summary>
public sealed record AuditedHost(string Host, string? ApiVersion, string? Error)
{
    /// <summary>The engine as it describes itself (<c>/version</c>, <c>/info</c>); null when not audited.</summary>
    public EngineDaemon? Daemon { get; init; }

    public IReadOnlyList<AuditVerdict> Findings { get; init; } = [];
}

/// <summary>The audit of one host.</summary>
public sealed record HostAudit(AuditedHost Host, IReadOnlyList<AuditedContainer> Containers, IReadOnlyList<AuditedImage> Images);
