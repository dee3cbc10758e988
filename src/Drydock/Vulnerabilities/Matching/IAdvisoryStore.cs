using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>Read side of the vulnerability database, as the matchers see it. Implementations are safe for concurrent reads.</summary>
public interface IAdvisoryStore
{
    /// <summary>Every statement about <paramref name="package"/> (already normalised, see <see cref="PackageNames"/>) in <paramref name="ns"/>; empty when none.</summary>
    IReadOnlyList<AffectedPackage> GetAffected(string ns, string package);

    /// <summary>The vulnerability's details, aliases and CVSS ratings; null when the database has none.</summary>
    VulnerabilityRecord? GetVulnerability(string id);

    /// <summary>The CPEs a product key ships under (<see cref="ProductCpe.Repository"/> or <see cref="ProductCpe.Nvr"/>); empty when unknown.</summary>
    IReadOnlyList<string> GetProductCpes(string kind, string key) => [];
}
