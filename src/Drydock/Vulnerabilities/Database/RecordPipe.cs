using System.Threading.Channels;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Runs a feed's parser one step ahead of the database writer: the records are read (decompressed, parsed) on a
/// second thread while this one inserts the previous ones, so that a two-core machine does both at once. Order is kept
/// (one reader, one writer, FIFO); at most <see cref="Lookahead"/> records wait between them, so memory stays bounded
/// whatever the feed's size. An exception of the parser reaches the caller as it was thrown; one of the consumer (a
/// full disk) stops the parser before it propagates.
/// </summary>
internal static class RecordPipe
{
    /// <summary>Records parsed ahead of the writer at most (a record is a few KiB; a CSAF document's, some 100 KiB).</summary>
    public const int Lookahead = 256;

    public static async Task<long> DrainAsync(IAsyncEnumerable<AdvisoryRecord> records, Action<AdvisoryRecord> consume, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<AdvisoryRecord>(new BoundedChannelOptions(Lookahead)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
        });
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var record in records.WithCancellation(stop.Token).ConfigureAwait(false))
                    await channel.Writer.WriteAsync(record, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None); // always started, so that the channel is always completed
        long count = 0;
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                while (channel.Reader.TryRead(out var record))
                {
                    consume(record);
                    count++;
                }
        }
        catch
        {
            // The writer's error is the one to report: the parser is stopped and waited for, its own outcome dropped.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(producer).ConfigureAwait(false);
            throw;
        }
        await producer.ConfigureAwait(false); // the parser's own exception, as it was thrown
        return count;
    }
}
