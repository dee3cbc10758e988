using System.Diagnostics;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Benchmarks;

/// <summary>
/// Wraps a store and adds up the time spent in each kind of read, so <c>match --trace</c> can split a match into
/// lookups, detail reads and the rest (comparisons, building findings). With <c>perId</c> the batched detail read is
/// replaced by one read per id (the session-1 path), for an A/B comparison in one process.
/// </summary>
internal sealed class TimedAdvisoryStore(IAdvisoryStore inner, bool perId = false) : IAdvisoryStore
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
        var records = perId ? ids.Select(inner.GetVulnerability).OfType<VulnerabilityRecord>().ToDictionary(r => r.Id, StringComparer.Ordinal) : inner.GetVulnerabilities(ids);
        Details += Stopwatch.GetElapsedTime(start);
        return records;
    }

    public IReadOnlyList<string> GetProductCpes(string kind, string key) => inner.GetProductCpes(kind, key);
}
