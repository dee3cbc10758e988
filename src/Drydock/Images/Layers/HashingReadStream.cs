using System.Security.Cryptography;

namespace Drydock.Images.Layers;

/// <summary>
/// Hashes every byte read through it with SHA-256: over the uncompressed tar this is the layer's diff id
/// (OCI image-spec config.md "rootfs.diff_ids": the digest of the uncompressed layer tar).
/// </summary>
internal sealed class HashingReadStream(Stream inner) : ObservingReadStream(inner)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    protected override void Observe(ReadOnlySpan<byte> chunk) => _hash.AppendData(chunk);

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
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
