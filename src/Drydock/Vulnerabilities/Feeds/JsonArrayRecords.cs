using System.Runtime.CompilerServices;
using System.Text;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Streams the elements of a feed file whose root is a JSON array (Photon's <c>cve_data_photonX.json</c>) through
/// <see cref="JsonRecordSplitter"/>, so that every element gets the same per-record bounds as NVD's or secdb's records:
/// the file is read as the value of a root property (<c>{"records": [...]}</c>) without being copied.
/// </summary>
internal static class JsonArrayRecords
{
    private const string Property = "records";

    public static async IAsyncEnumerable<AdvisoryRecord> ReadAsync(
        string path, string name, Func<JsonRecord, IEnumerable<AdvisoryRecord>> parse, List<string> warnings,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new ConcatenatedStream(
            [new MemoryStream(Encoding.ASCII.GetBytes("{\"" + Property + "\":")), FeedFiles.OpenRead(path), new MemoryStream("}"u8.ToArray())]);
        var splitter = new JsonRecordSplitter(stream, name, p => p == Property, warnings.Add);
        await foreach (var record in splitter.ReadAsync(cancellationToken))
        {
            List<AdvisoryRecord>? parsed;
            using (record) parsed = FeedJson.Guard(() => parse(record), name, record.Label, warnings);
            foreach (var r in parsed ?? []) yield return r;
        }
        if (!splitter.SawContainer) throw new FeedFormatException($"{name}: not a JSON array of records");
    }

    /// <summary>Reads its parts one after the other (read-only, forward-only); disposes them with itself.</summary>
    private sealed class ConcatenatedStream(IReadOnlyList<Stream> parts) : Stream
    {
        private int _current;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_current < parts.Count)
            {
                var n = await parts[_current].ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n > 0) return n;
                _current++;
            }
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) foreach (var part in parts) part.Dispose();
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
