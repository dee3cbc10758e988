namespace Drydock.Images;

/// <summary>The media types of the OCI image spec (media-types.md) and of Docker's image manifest v2 schema 2.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciLayerNonDistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciLayerNonDistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciLayerNonDistributableZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayerForeignGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;
    public static bool IsManifest(string mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>The four manifest/index types a registry may answer with, for the Accept header.</summary>
    public static readonly IReadOnlyList<string> AllManifests = [OciIndex, DockerManifestList, OciManifest, DockerManifest];
}

/// <summary>How a layer blob is compressed.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
