namespace Drydock.Images.Sources.Engine;

/// <summary>
/// An image read from a Docker engine: what the engine knows beyond the exported archive. <see cref="RepoDigests"/>
/// are the engine's <c>RepoDigests</c> (<c>repo@sha256:…</c>, the manifest or index it was pulled or pushed by), sorted;
/// empty for an image that never met a registry.
/// </summary>
public interface IEngineImage : IImage
{
    IReadOnlyList<string> RepoDigests { get; }
}
