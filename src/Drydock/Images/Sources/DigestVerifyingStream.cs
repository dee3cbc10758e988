using System.Security.Cryptography;

namespace Drydock.Images.Sources;

/// <summary>
/// A read-only stream that hashes what passes through it and, at the end of the content, checks the digest and
/// size against the descriptor (OCI image-spec descriptor.md: "the content MUST be verified against the digest").
/// A mismatch throws <see cref="DrydockException"/> naming the blob; reading past the declared size throws at once,
/// so a blob that is larger than declared is never streamed in full.
/// </summary>
internal sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long? _expectedSize;
    private readonly string _blobName;
    private readonly IncrementalHash _hash;
    private long _read;
    private bool _verified;

    /// <param name="inner">The blob as stored; disposed with this stream.</param>
    /// <param name="expected">The digest the content must have.</param>
    /// <param name="expectedSize">The declared size, or null when only the digest is known (e.g. a docker-archive diff id).</param>
    /// <param name="blobName">How errors name the blob, e.g. <c>layer 2 (sha256:…) in oci:/tmp/img</c>.</param>
    public DigestVerifyingStream(Stream inner, Digest expected, long? expectedSize, string blobName)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _blobName = blobName;
        _hash = expected.CreateHash();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        return Account(buffer[..n], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n], buffer.Length);
    }

    private int Account(ReadOnlySpan<byte> data, int requested)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            _read += data.Length;
            if (_expectedSize is { } max && _read > max)
                throw new DrydockException($"{_blobName} is larger than its declared size of {max} bytes");
        }
        else if (requested > 0)
        {
            Verify();
        }
        return data.Length;
    }

    private void Verify()
    {
        if (_verified) return;
        _verified = true;
        if (_expectedSize is { } size && _read != size)
            throw new DrydockException($"{_blobName} is truncated: {_read} of {size} bytes");
        var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (actual != _expected.Hex)
            throw new DrydockException($"digest mismatch for {_blobName}: content is {_expected.Algorithm}:{actual}");
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
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
