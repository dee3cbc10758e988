using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Store;

/// <summary>Read side of the vulnerability database, as the matchers see it. Implementations are safe for concurrent reads.</summary>
public interface IAdvisoryStore
{
    /// <summary>Every statement about <paramref name="package"/> (already normalised, see <see cref="PackageNames"/>) in <paramref name="ns"/>; empty when none.</summary>
    IReadOnlyList<AffectedPackage> GetAffected(string ns, string package);

    /// <summary>The vulnerability's details, aliases and CVSS ratings; null when the database has none.</summary>
    VulnerabilityRecord? GetVulnerability(string id);

    /// <summary>The details of every id in <paramref name="ids"/> that the database has (one read instead of one per id).</summary>
    IReadOnlyDictionary<string, VulnerabilityRecord> GetVulnerabilities(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, VulnerabilityRecord>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (GetVulnerability(id) is { } record) found[id] = record;
        return found;
    }

    /// <summary>The data sources (feeds) that have rows in <paramref name="ns"/>, sorted; empty when the database holds no data for it.</summary>
    IReadOnlyList<string> SourcesOf(string ns) => [];

    /// <summary>The namespaces of a family (<c>amazon</c> → <c>amazon:2023</c>…) the database holds rows for, sorted.</summary>
    IReadOnlyList<string> NamespacesOf(string family) => [];

    /// <summary>The CPEs a product key ships under (<see cref="ProductCpe.Repository"/> or <see cref="ProductCpe.Nvr"/>); empty when unknown.</summary>
    IReadOnlyList<string> GetProductCpes(string kind, string key) => [];
}
