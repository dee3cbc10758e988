namespace Drydock.Hosts.Audit;

/// <summary>One local image of a host audit (<c>images[]</c>).</summary>
public sealed record AuditedImage
{
    public required string Host { get; init; }
    public required string Id { get; init; }
    public IReadOnlyList<string> RepoTags { get; init; } = [];
    public IReadOnlyList<string> RepoDigests { get; init; } = [];
    public int? AgeDays { get; init; }

    /// <summary>Names of the containers (running or not) created from this image.</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];

    /// <summary>No tag refers to the image.</summary>
    public bool Dangling { get; init; }

    /// <summary>Vulnerabilities of the image by severity; null when not counted (see <see cref="VulnerabilityError"/>).</summary>
    public ImageVulnerabilities? Vulnerabilities { get; init; }

    /// <summary>Why there are no counts: no vulnerability database, or the scan's one-line error.</summary>
    public string? VulnerabilityError { get; init; }

    /// <summary>True when the image's scan was attempted and failed (a coverage gap: the audit exits 3), not merely skipped for want of a database.</summary>
    public bool VulnerabilityScanFailed { get; init; }
}
