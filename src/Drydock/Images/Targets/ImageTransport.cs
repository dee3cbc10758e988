namespace Drydock.Images.Targets;

/// <summary>Where an image is kept: skopeo's transports, with <c>docker:</c> meaning the local Docker engine.</summary>
public enum ImageTransport
{
    DockerArchive,
    Oci,
    OciArchive,
    DockerEngine,
    Registry,
}
