using System.Security.Cryptography;

namespace Drydock.Images.Layers;

/// <summary>
/// Hashes every byte read through it with SHA-256: over the uncompressed tar this is the layer's diff id
/// (OCI image-spec config.md "rootfs.diff_ids": the digest of the uncompressed layer tar).
/// </summary>
internal sealed class HashingReadStream(Stream inner) : ReadOnlyStreamBase
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        _hash.AppendData(buffer.Span[..n]);
        return n;
    }

    /// <summary>Reads the rest of the stream (tar padding after the end-of-archive marker) and returns the digest.</summary>
    public Digest DrainAndGetDigest()
    {
        var buffer = new byte[64 * 1024];
        while (Read(buffer) > 0)
        {
        }
        return new Digest("sha256", Convert.ToHexStringLower(_hash.GetHashAndReset()));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
