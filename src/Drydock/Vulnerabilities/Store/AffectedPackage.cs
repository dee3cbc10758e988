using Drydock.Model;

namespace Drydock.Vulnerabilities.Store;

/// <summary>
/// One vendor statement "package P in namespace N is affected by V over this range", the unit the database stores
/// and the matchers read. A range is <c>[Introduced, Fixed)</c>, <c>[Introduced, LastAffected]</c> or
/// <c>[Introduced, Limit)</c>; a null bound is open. <see cref="Versions"/>, when not empty, lists exact affected
/// versions instead (OSV <c>versions[]</c>). A row with no bounds and no versions affects every version.
/// </summary>
public sealed record AffectedPackage
{
    /// <summary>Where the statement applies: <c>debian:12</c>, <c>alpine:3.11</c>, <c>npm</c>… (see <see cref="Feeds.AdvisoryNamespaces"/>).</summary>
    public required string Namespace { get; init; }
    public required string Package { get; init; }
    public required string VulnerabilityId { get; init; }

    /// <summary>The comparer scheme of the bounds: <c>deb</c>, <c>rpm</c>, <c>apk</c>, <c>semver</c>, <c>pep440</c>…</summary>
    public required string VersionScheme { get; init; }
    public string? Introduced { get; init; }
    public string? Fixed { get; init; }
    public string? LastAffected { get; init; }
    public string? Limit { get; init; }
    public IReadOnlyList<string> Versions { get; init; } = [];
    public VulnerabilityStatus Status { get; init; } = VulnerabilityStatus.Affected;
    public string? StatusDetail { get; init; }
    public Severity Severity { get; init; } = Severity.Unknown;
    public string? SeveritySource { get; init; }
    public required string DataSource { get; init; }
}
