using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>One normalised record out of a feed: the vulnerability (may be null for a feed that only lists fixes)
/// and the package statements it makes.</summary>
public sealed record AdvisoryRecord(VulnerabilityRecord? Vulnerability, IReadOnlyList<AffectedPackage> Affected)
{
    /// <summary>Product → CPE mappings a feed publishes beside its advisories (Red Hat's repository-to-cpe.json).</summary>
    public IReadOnlyList<ProductCpe> ProductCpes { get; init; } = [];

    /// <summary>End-of-life dates of OS releases (the <c>endoflife</c> feed), stored in <c>os_lifecycle</c>.</summary>
    public IReadOnlyList<ReleaseLifecycle> Lifecycles { get; init; } = [];
}
