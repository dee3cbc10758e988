namespace Drydock.Images.Sources.Registry;

/// <summary>A manifest or index as fetched: its exact bytes (already verified against <see cref="Digest"/>) and media type.</summary>
public sealed record RegistryManifest(ReadOnlyMemory<byte> Bytes, string MediaType, Digest Digest)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);
}
