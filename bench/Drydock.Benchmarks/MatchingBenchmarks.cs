using BenchmarkDotNet.Attributes;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Benchmarks;

/// <summary>Issue 4's speed target: matching 1,000 packages against 1,000,000 affected rows, after open, under 100 ms.</summary>
[MemoryDiagnoser]
[InProcess]
public class MatchingBenchmarks
{
    private SqliteAdvisoryStore _store = null!;
    private Drydock.Inventory.ImageInventory _inventory = null!;

    [GlobalSetup]
    public void Setup()
    {
        MatchingData.EnsureDatabase();
        _store = SqliteAdvisoryStore.Open(MatchingData.DatabasePath);
        _inventory = MatchingData.Inventory();
    }

    [Benchmark]
    public int Match1000PackagesAgainst1MRows() => VulnerabilityScanner.Match(_inventory, _store).Count;

    [Benchmark]
    public int OpenThenMatch()
    {
        using var store = SqliteAdvisoryStore.Open(MatchingData.DatabasePath);
        return VulnerabilityScanner.Match(_inventory, store).Count;
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();
}
