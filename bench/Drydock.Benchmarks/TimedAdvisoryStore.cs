using System.Diagnostics;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Benchmarks;

/// <summary>
/// Wraps a store and adds up the time spent in each kind of read, so <c>match --trace</c> can split a match into
/// lookups, detail reads and the rest (comparisons, building findings).
/// </summary>
internal sealed class TimedAdvisoryStore(IAdvisoryStore inner) : IAdvisoryStore
{
    public TimeSpan Affected { get; private set; }

    public TimeSpan Details { get; private set; }

    public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package)
    {
        var start = Stopwatch.GetTimestamp();
        var rows = inner.GetAffected(ns, package);
        Affected += Stopwatch.GetElapsedTime(start);
        return rows;
    }

    public VulnerabilityRecord? GetVulnerability(string id)
    {
        var start = Stopwatch.GetTimestamp();
        var record = inner.GetVulnerability(id);
        Details += Stopwatch.GetElapsedTime(start);
        return record;
    }

    public IReadOnlyDictionary<string, VulnerabilityRecord> GetVulnerabilities(IReadOnlyCollection<string> ids)
    {
        var start = Stopwatch.GetTimestamp();
        var records = inner.GetVulnerabilities(ids);
        Details += Stopwatch.GetElapsedTime(start);
        return records;
    }

    public IReadOnlyList<string> GetProductCpes(string kind, string key) => inner.GetProductCpes(kind, key);
}
