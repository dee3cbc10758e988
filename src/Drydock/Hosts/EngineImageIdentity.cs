using System.Text.Json.Nodes;

namespace Drydock.Hosts;

/// <summary>
/// What an engine says an image is, in registry terms. The classic image store's <c>Id</c> is the config digest and
/// <c>RepoDigests</c> name the manifest (or index) it was pulled by; the containerd image store (default on new Docker 29
/// installs) makes <c>Id</c> the digest of the pulled manifest or index itself, and from API 1.46 gives it again as
/// <c>Descriptor.digest</c> (docs.docker.com/reference/api/engine, ImageInspect). <see cref="ConfigDigest"/> is known only
/// for the classic store; <see cref="ManifestDigests"/> holds every manifest or index digest the engine gave.
/// </summary>
public sealed record EngineImageIdentity(string Id, string? ConfigDigest, IReadOnlyList<string> ManifestDigests)
{
    /// <summary>True when the engine's id is a manifest or index digest (containerd store): a registry's config digest never equals it.</summary>
    public bool IdIsManifest => ConfigDigest is null;

    /// <summary>
    /// From <c>GET /images/{id}/json</c>; <paramref name="fallbackId"/> (the container's <c>Image</c>) when there is no
    /// inspect; <paramref name="platformManifest"/> the container's <c>ImageManifestDescriptor</c> digest when the engine gave one.
    /// </summary>
    public static EngineImageIdentity Of(JsonObject? inspect, string fallbackId, string? platformManifest = null)
    {
        var id = inspect?["Id"]?.GetValue<string>() ?? fallbackId;
        var digests = new List<string>();
        if (platformManifest is not null) digests.Add(platformManifest);
        if ((inspect?["Descriptor"] as JsonObject)?["digest"]?.GetValue<string>() is { } descriptor) digests.Add(descriptor);
        foreach (var node in (inspect?["RepoDigests"] as JsonArray) ?? [])
        {
            var text = node?.GetValue<string>() ?? "";
            var at = text.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && text[(at + 1)..].StartsWith("sha256:", StringComparison.Ordinal)) digests.Add(text[(at + 1)..]);
        }
        var manifests = digests.Distinct(StringComparer.Ordinal).ToList();
        // The containerd store's id is its target's digest: the descriptor's, and the one the repo digests name.
        var idIsManifest = manifests.Contains(id, StringComparer.Ordinal);
        return new EngineImageIdentity(id, idIsManifest ? null : id, manifests);
    }
}
