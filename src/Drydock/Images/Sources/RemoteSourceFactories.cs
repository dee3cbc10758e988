using Drydock.Images.Sources.Engine;
using Drydock.Images.Sources.Registry;
using Drydock.Images.Targets;

namespace Drydock.Images.Sources;

/// <summary>
/// The constructors of the transports that reach out of the file system (registry, Docker engine), passed to
/// <see cref="ImageSources.Create"/>. Kept as slots so the file sources do not depend on the network code.
/// </summary>
public sealed record RemoteSourceFactories(
    Func<ImageTarget, IImageSource>? Registry,
    Func<ImageTarget, IImageSource>? DockerEngine)
{
    /// <summary>
    /// The one registration list of remote transports the CLI uses. Fill the slots here when the registry
    /// (<c>Sources/Registry</c>) and engine (<c>Sources/Engine</c>) sources are merged.
    /// </summary>
    public static RemoteSourceFactories Default { get; } = new(
        Registry: target => new RegistryImageSource(target.Reference!, target.Text),
        DockerEngine: target => new EngineImageSource(target.EngineName!, target.Text));
}
