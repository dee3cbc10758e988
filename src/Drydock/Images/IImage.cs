namespace Drydock.Images;

/// <summary>
/// One image, whatever transport it came from. Every blob it hands out has been (or, for streams, is being)
/// verified against its digest: a layer stream throws <see cref="DrydockException"/> at its end on a mismatch.
/// </summary>
public interface IImage : IAsyncDisposable
{
    /// <summary>Where the image came from, as the user wrote it (e.g. <c>oci:/tmp/layout:1</c>).</summary>
    string Source { get; }

    /// <summary>The registry reference when one is known (registry source, tag annotation, RepoTags); else null.</summary>
    ImageReference? Reference { get; }

    /// <summary>Digest of the manifest bytes; null for sources with no manifest (legacy docker-archive).</summary>
    Digest? ManifestDigest { get; }

    /// <summary>The manifest (synthesised from manifest.json for docker-archive sources).</summary>
    ImageManifest Manifest { get; }

    /// <summary>The raw config bytes; the image id is their sha256.</summary>
    ReadOnlyMemory<byte> RawConfig { get; }

    ImageConfig Config { get; }

    /// <summary>Image id: the digest of the config blob (what <c>docker images</c> shows).</summary>
    Digest Id { get; }

    /// <summary>Layers bottom → top, with the diff ids from the config.</summary>
    IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>Opens layer <paramref name="index"/> as stored (compressed), verifying its digest as it is read.</summary>
    Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken);
}

/// <summary>A layer: its descriptor as stored, its diff id (digest of the uncompressed tar) and compression.</summary>
public sealed record LayerInfo(int Index, Descriptor Descriptor, Digest DiffId, LayerCompression Compression);
