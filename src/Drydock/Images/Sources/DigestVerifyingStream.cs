using System.Security.Cryptography;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// A read-only stream that hashes what passes through it and, at the end of the content, checks the digest and
/// size against the descriptor (OCI image-spec descriptor.md: "the content MUST be verified against the digest").
/// A mismatch throws <see cref="DrydockException"/> naming the blob; reading past the declared size throws at once,
/// so a blob that is larger than declared is never streamed in full.
/// </summary>
/// <param name="inner">The blob as stored; disposed with this stream.</param>
/// <param name="expected">The digest the content must have.</param>
/// <param name="expectedSize">The declared size, or null when only the digest is known (e.g. a docker-archive diff id).</param>
/// <param name="blobName">How errors name the blob, e.g. <c>layer 2 (sha256:…) in oci:/tmp/img</c>.</param>
internal sealed class DigestVerifyingStream(Stream inner, Digest expected, long? expectedSize, string blobName)
    : ObservingReadStream(inner)
{
    private readonly IncrementalHash _hash = expected.CreateHash();
    private bool _verified;

    public long BytesRead { get; private set; }

    protected override void Observe(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            Verify();
            return;
        }
        _hash.AppendData(chunk);
        BytesRead += chunk.Length;
        if (expectedSize is { } max && BytesRead > max)
            throw new DrydockException($"{blobName} is larger than its declared size of {max} bytes");
    }

    private void Verify()
    {
        if (_verified) return;
        _verified = true;
        if (expectedSize is { } size && BytesRead != size)
            throw new DrydockException($"{blobName} is truncated: {BytesRead} of {size} bytes");
        var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (actual != expected.Hex)
            throw new DrydockException($"digest mismatch for {blobName}: content is {expected.Algorithm}:{actual}");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
