using System.Text;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>Issue 18: one hostile OSV record is skipped with a warning, and costs bounded memory.</summary>
public sealed class OsvRecordBoundsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-osv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Good = """{"id":"GHSA-good","affected":[{"package":{"ecosystem":"npm","name":"a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"}]}]}]}""";

    private static string Ranges(int n)
    {
        var b = new StringBuilder("""{"id":"GHSA-many","affected":[{"package":{"ecosystem":"npm","name":"b"},"ranges":[""");
        for (var i = 0; i < n; i++) b.Append(i == 0 ? "" : ",").Append("""{"type":"SEMVER","events":[{"introduced":"0"}]}""");
        return b.Append("]}]}").ToString();
    }

    private async Task<(List<AdvisoryRecord> Records, IReadOnlyList<string> Warnings)> ReadAsync()
    {
        var feed = new OsvFeed(new FixedTimeProvider(Now));
        var records = new List<AdvisoryRecord>();
        await foreach (var r in feed.ReadAsync(_dir, CancellationToken.None)) records.Add(r);
        return (records, feed.Warnings);
    }

    [Fact]
    public async Task ReadAsync_RecordWithTooManyRanges_SkippedWithAWarning()
    {
        // Given: 10,001 ranges in one affected entry, beside a normal record
        await File.WriteAllTextAsync(Path.Combine(_dir, "a.json"), Good);
        await File.WriteAllTextAsync(Path.Combine(_dir, "b.json"), Ranges(10_001));

        // When
        var (records, warnings) = await ReadAsync();

        // Then
        Assert.Equal("GHSA-good", Assert.Single(records).Vulnerability!.Id);
        Assert.Equal("b.json: GHSA-many has more than 10000 ranges in one affected entry; record skipped", Assert.Single(warnings));
    }

    [Fact]
    public async Task ReadAsync_RecordOverTheByteBound_SkippedWhileReading()
    {
        // Given: 10 million ranges is hundreds of MB of JSON (1.5 GB of memory on main); 600,000 already pass 16 MiB
        await File.WriteAllTextAsync(Path.Combine(_dir, "b.json"), Ranges(600_000));

        // When
        var (records, warnings) = await ReadAsync();

        // Then
        Assert.Empty(records);
        Assert.Equal("b.json: over 16 MiB of JSON; record skipped", Assert.Single(warnings));
    }

    [Fact]
    public async Task ParseAsync_WrongShape_ThrowsTheTypedError()
    {
        // Given: an id that is a number, an event value that is an object
        var bad = """{"id":"X-1","affected":[{"package":{"ecosystem":"npm","name":"c"},"ranges":[{"type":"SEMVER","events":[{"introduced":{}}]}]}]}""";

        // When / Then
        await Assert.ThrowsAsync<FeedRecordException>(() => OsvFeed.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(bad)), Now, CancellationToken.None));
        await Assert.ThrowsAsync<FeedRecordException>(() => OsvFeed.ParseAsync(new MemoryStream("""{"id":7}"""u8.ToArray()), Now, CancellationToken.None));
    }
}
