using Drydock.Hosts.Update;

namespace Drydock.Hosts.Audit;

/// <summary>One container of a host audit (docs/report-schema.md "## host audit" → <c>containers[]</c>).</summary>
public sealed record AuditedContainer
{
    public required string Host { get; init; }
    public required string Name { get; init; }
    public required string Id { get; init; }

    /// <summary>The reference the container was created with (<c>Config.Image</c>).</summary>
    public required string Image { get; init; }
    public required string ImageId { get; init; }

    /// <summary>The repo digest (<c>sha256:…</c>) of the image in use for the reference's repository, when the engine knows one.</summary>
    public string? ImageDigest { get; init; }
    public string? LatestDigest { get; init; }
    public string? LatestImageId { get; init; }
    public bool? Stale { get; init; }
    public bool Running { get; init; }
    public int? AgeDays { get; init; }
    public IReadOnlyList<string> NewerTags { get; init; } = [];
    public AuditedBase? BaseImage { get; init; }

    /// <summary>True when no tag names the image the container runs any more.</summary>
    public bool Dangling { get; init; }
    public string? FreshnessError { get; init; }

    /// <summary>Vulnerabilities of the image by severity; null when not counted (see <see cref="VulnerabilityError"/>).</summary>
    public ImageVulnerabilities? Vulnerabilities { get; init; }

    /// <summary>Why there are no counts: no vulnerability database, or the scan's one-line error.</summary>
    public string? VulnerabilityError { get; init; }

    /// <summary>True when the image's scan was attempted and failed (a coverage gap: the audit exits 3), not merely skipped for want of a database.</summary>
    public bool VulnerabilityScanFailed { get; init; }
    public IReadOnlyList<AuditVerdict> Verdicts { get; init; } = [];

    /// <summary>The pin a <c>host rollback</c> put on the container (null = not pinned; <c>Pinned</c> false after <c>--unpin</c>).</summary>
    public ContainerPin? Pin { get; init; }

    /// <summary>Images that failed this container's health gate; <c>host update</c> skips them.</summary>
    public IReadOnlyList<RejectedImage> Rejected { get; init; } = [];
}

/// <summary>The base image found for an image, whether the policy trusts it, and whether its tag moved on (rebuild needed).</summary>
public sealed record AuditedBase(string Reference, string Method, bool Trusted, string TrustReason, bool? RebuildNeeded);

/// <summary>One check on a container: <c>pass</c>, <c>fail</c> or <c>unknown</c>, with the reason.</summary>
public sealed record AuditVerdict(string Id, string Outcome, string Reason);
