using BenchmarkDotNet.Attributes;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Benchmarks;

/// <summary>Issue 4's import target: 100,000 OSV records streamed from an all.zip into a new database in under 60 s.</summary>
[MemoryDiagnoser]
[InProcess]
public class MatchingImportBenchmarks
{
    [GlobalSetup]
    public void Setup() => MatchingData.EnsureOsvZip(100_000);

    [Benchmark]
    public async Task<int> Import100kOsvRecords()
    {
        var target = Path.Combine(MatchingData.Folder, "import.db");
        var feeds = new IFeed[] { new OsvFeed(TimeProvider.System) };
        var states = await DatabaseBuilder.BuildAsync(target, MatchingData.Folder, feeds, new Dictionary<string, FeedState>(),
            TimeProvider.System, NullProgressSink.Instance, CancellationToken.None);
        return (int)states[0].Records;
    }
}
