using System.Text;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>
/// A part of a generated hostile JSON document: a prefix, <c>count</c> repetitions of a unit, a suffix; produced
/// while it is read, so a 100 MB record costs the test no memory either.
/// </summary>
internal sealed class HostileJson(string prefix, long count, byte[] unit, string suffix)
{
    public HostileJson(string prefix, long count, byte unit, string suffix) : this(prefix, count, [unit], suffix) { }

    public HostileJson(string prefix, long count, string unit, string suffix) : this(prefix, count, Encoding.UTF8.GetBytes(unit), suffix) { }

    /// <summary>Joins parts (strings or <see cref="HostileJson"/>) with commas inside a prefix and suffix.</summary>
    public static Stream Document(string prefix, object[] parts, string suffix)
    {
        var segments = new List<IEnumerable<byte[]>>();
        segments.Add([Encoding.UTF8.GetBytes(prefix)]);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) segments.Add([","u8.ToArray()]);
            segments.Add(parts[i] is HostileJson h ? h.Chunks() : [Encoding.UTF8.GetBytes((string)parts[i])]);
        }
        segments.Add([Encoding.UTF8.GetBytes(suffix)]);
        return new ChunkStream(segments.SelectMany(s => s));
    }

    /// <summary>The whole part written to a file.</summary>
    public static void WriteFile(string path, string prefix, object[] parts, string suffix)
    {
        using var file = File.Create(path);
        Document(prefix, parts, suffix).CopyTo(file);
    }

    private IEnumerable<byte[]> Chunks()
    {
        yield return Encoding.UTF8.GetBytes(prefix);
        var perChunk = Math.Max(1, (1 << 16) / unit.Length);
        var block = new byte[perChunk * unit.Length];
        for (var i = 0; i < perChunk; i++) unit.CopyTo(block, i * unit.Length);
        for (var left = count; left > 0; left -= perChunk)
            yield return left >= perChunk ? block : block[..(int)(left * unit.Length)];
        yield return Encoding.UTF8.GetBytes(suffix);
    }

    private sealed class ChunkStream(IEnumerable<byte[]> chunks) : Stream
    {
        private readonly IEnumerator<byte[]> _chunks = chunks.GetEnumerator();
        private byte[] _current = [];
        private int _at;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_at == _current.Length)
            {
                if (!_chunks.MoveNext()) return 0;
                (_current, _at) = (_chunks.Current, 0);
            }
            var n = Math.Min(count, _current.Length - _at);
            Array.Copy(_current, _at, buffer, offset, n);
            _at += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
