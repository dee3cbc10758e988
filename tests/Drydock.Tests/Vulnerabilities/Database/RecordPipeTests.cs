using System.Runtime.CompilerServices;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Database;

/// <summary>The parser runs a bounded number of records ahead of the writer, on another thread; order and errors are kept.</summary>
public sealed class RecordPipeTests
{
    private static AdvisoryRecord Record(int i) => new(new VulnerabilityRecord { Id = "CVE-2026-" + i }, []);

    private static async IAsyncEnumerable<AdvisoryRecord> Records(int count, Action<int>? onRead = null, Exception? failAfter = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onRead?.Invoke(i);
            if (i % 100 == 0) await Task.Yield();
            yield return Record(i);
        }
        if (failAfter is not null) throw failAfter;
    }

    [Fact]
    public async Task DrainAsync_ManyRecords_AllConsumedInOrder_ReadAheadBounded()
    {
        // Given: a feed of 5,000 records whose reads are counted
        var read = 0;
        var maxAhead = 0;
        var seen = new List<string>();

        // When
        var count = await RecordPipe.DrainAsync(Records(5_000, i => Interlocked.Exchange(ref read, i + 1)), r =>
        {
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref read) - seen.Count);
            seen.Add(r.Vulnerability!.Id);
        }, CancellationToken.None);

        // Then: every record once, in the parser's order, never more than the lookahead (and the one being read) ahead
        Assert.Equal(5_000, count);
        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => "CVE-2026-" + i), seen);
        Assert.InRange(maxAhead, 1, RecordPipe.Lookahead + 2);
    }

    [Fact]
    public async Task DrainAsync_ParserThrows_SameExceptionAfterTheRecordsBeforeIt()
    {
        // Given: a feed that fails after 300 records
        var failure = new FeedReadException("osv", new InvalidDataException("bad zip"));
        var seen = 0;

        // When
        var thrown = await Assert.ThrowsAsync<FeedReadException>(() => RecordPipe.DrainAsync(Records(300, failAfter: failure), _ => seen++, CancellationToken.None));

        // Then: the parser's own exception object, after every record it produced
        Assert.Same(failure, thrown);
        Assert.Equal(300, seen);
    }

    [Fact]
    public async Task DrainAsync_WriterThrows_WritersExceptionAndTheParserStops()
    {
        // Given: a writer that fails (a full disk) at the tenth record of an endless feed
        var read = 0;

        // When
        var thrown = await Assert.ThrowsAsync<IOException>(() => RecordPipe.DrainAsync(Records(int.MaxValue, _ => Interlocked.Increment(ref read)),
            r => { if (r.Vulnerability!.Id == "CVE-2026-9") throw new IOException("disk full"); }, CancellationToken.None));

        // Then: the writer's error, and the parser stopped within its lookahead instead of reading on
        Assert.Equal("disk full", thrown.Message);
        var stoppedAt = Volatile.Read(ref read);
        await Task.Delay(50);
        Assert.Equal(stoppedAt, Volatile.Read(ref read));
        Assert.InRange(stoppedAt, 10, 10 + RecordPipe.Lookahead + 2);
    }
}
