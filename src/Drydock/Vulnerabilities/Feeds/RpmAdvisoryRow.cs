using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The row every rpm distribution feed writes (ALAS, Oracle and Azure Linux OVAL, Red Hat CSAF, Photon): scheme
/// <c>rpm</c>, fixed in <c>fixedIn</c> (an <c>[epoch:]version-release</c>, or null when no fix is published),
/// and the vendor's severity credited to <c>vendor</c> only when the vendor rated it (an unrated row names
/// no source, so the matcher falls back to NVD). A feed with more to say (a last affected version, exact versions) adds
/// it with <c>with</c>.
/// </summary>
internal static class RpmAdvisoryRow
{
    public static AffectedPackage Create(string ns, string package, string vulnerabilityId, string? fixedIn, VulnerabilityStatus status,
        Severity severity, string vendor, string dataSource) => new()
        {
            Namespace = ns,
            Package = package,
            VulnerabilityId = vulnerabilityId,
            VersionScheme = "rpm",
            Fixed = fixedIn,
            Status = status,
            Severity = severity,
            SeveritySource = severity == Severity.Unknown ? null : vendor,
            DataSource = dataSource,
        };
}
