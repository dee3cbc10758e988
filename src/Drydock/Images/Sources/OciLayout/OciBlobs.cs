namespace Drydock.Images.Sources.OciLayout;

/// <summary>Reads blobs of an OCI layout by descriptor (blobs/&lt;alg&gt;/&lt;hex&gt;), verified against digest and size.</summary>
internal static class OciBlobs
{
    /// <summary>The blob's name in the layout, built only from a validated digest.</summary>
    public static string NameOf(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    /// <summary>Reads a JSON document (manifest, index, config) whole, refusing one over <paramref name="limit"/> before reading it.</summary>
    public static byte[] ReadDocument(IBlobStore store, Descriptor descriptor, long limit, string kind)
    {
        var digest = ImageDocuments.DigestOf(descriptor, $"{kind} in {store.Location}");
        var what = $"{kind} {digest} in {store.Location}";
        if (descriptor.Size > limit) throw BlobLimits.TooLarge(what, descriptor.Size, limit);
        if (!store.TryGetLength(NameOf(digest), out var length))
            throw new DrydockException($"{what} is missing (no {NameOf(digest)})");
        if (length > limit) throw BlobLimits.TooLarge(what, length, limit);
        using var stream = store.Open(NameOf(digest));
        var bytes = BlobLimits.ReadAll(stream, limit, what);
        if (bytes.Length != descriptor.Size)
            throw new DrydockException($"{what} is {bytes.Length} bytes but its descriptor says {descriptor.Size}");
        Verify(bytes, digest, what);
        return bytes;
    }

    /// <summary>Opens a layer blob for streaming, verified as it is read.</summary>
    public static Stream OpenVerified(IBlobStore store, Descriptor descriptor, Digest digest, string what)
    {
        if (!store.TryGetLength(NameOf(digest), out _)) throw new DrydockException($"{what} is missing (no {NameOf(digest)})");
        return new DigestVerifyingStream(store.Open(NameOf(digest)), digest, descriptor.Size, what);
    }

    public static void Verify(byte[] bytes, Digest digest, string what)
    {
        using var hash = digest.CreateHash();
        hash.AppendData(bytes);
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != digest.Hex) throw new DrydockException($"digest mismatch for {what}: content is {digest.Algorithm}:{actual}");
    }
}
