using System.Security.Cryptography;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// A read-only stream that hashes what passes through and, at its end, checks size and digest against the descriptor
/// (OCI image-spec descriptor.md: content must be verified before use). A mismatch throws a
/// <see cref="DrydockException"/> naming the blob; reading past the declared size fails at once, so a hostile server
/// cannot stream forever.
/// </summary>
internal sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly IDisposable? _owner;
    private readonly Digest _expected;
    private readonly long _size;
    private readonly string _what;
    private readonly IncrementalHash _hash;
    private long _read;
    private bool _verified;

    public DigestVerifyingStream(Stream inner, Digest expected, long size, string what, IDisposable? owner = null)
    {
        _inner = inner;
        _owner = owner;
        _expected = expected;
        _size = size;
        _what = what;
        _hash = expected.CreateHash();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _size;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        Account(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            Verify();
            return;
        }
        _read += data.Length;
        if (_size >= 0 && _read > _size)
            throw new DrydockException($"{_what}: more data than the {_size} bytes its descriptor declares");
        _hash.AppendData(data);
    }

    private void Verify()
    {
        if (_verified) return;
        _verified = true;
        if (_size >= 0 && _read != _size)
            throw new DrydockException($"{_what}: truncated, {_read} of {_size} bytes");
        var actual = new Digest(_expected.Algorithm, Convert.ToHexStringLower(_hash.GetHashAndReset()));
        if (actual != _expected)
            throw new DrydockException($"{_what}: digest mismatch (expected {_expected}, got {actual})");
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _owner?.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
