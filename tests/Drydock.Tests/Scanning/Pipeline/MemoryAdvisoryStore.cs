using Drydock.Scanning;
using Drydock.Scanning.Pipeline;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>An advisory store over rows given by the test; <see cref="Opens"/> counts how often the scanner opened it.</summary>
internal sealed class MemoryAdvisoryStore(params AffectedPackage[] rows) : IAdvisoryStore
{
    public static readonly DateTimeOffset BuiltAt = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public int Opens { get; private set; }

    /// <summary>The factory a scanner's parts take.</summary>
    public AdvisoryDatabase Open()
    {
        Opens++;
        return new AdvisoryDatabase(this, new DatabaseSummary(1, BuiltAt, ["memory"]));
    }

    public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package) =>
        [.. rows.Where(r => r.Namespace == ns && r.Package == package)];

    public VulnerabilityRecord? GetVulnerability(string id) => null;

    public IReadOnlyList<string> SourcesOf(string ns) =>
        [.. rows.Where(r => r.Namespace == ns).Select(r => r.DataSource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
