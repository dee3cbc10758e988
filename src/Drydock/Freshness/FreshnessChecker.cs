using System.Text.Json;
using Drydock.Bases;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;

namespace Drydock.Freshness;

/// <summary>
/// Finds whether an image reference's tag still names the image in use. The tag's digest comes from a HEAD (which
/// Docker Hub does not count as a pull), or from the scan that has just read the image by that tag
/// (<see cref="KnownManifest.ReadByTag"/>); the four manifest media types are accepted; for an index the manifest of the
/// platform in use is chosen (image-spec image-index.md) and its config digest — the image id engines show — is compared.
/// Each part that fails (tags, base) is left null with the reason in <see cref="FreshnessReport.Error"/>.
/// </summary>
public sealed class FreshnessChecker(Func<ImageReference, IRegistryLookup> lookups)
{
    public async Task<FreshnessReport> CheckAsync(FreshnessRequest request, CancellationToken ct)
    {
        if (!ImageReference.TryParse(request.Reference, out var reference, out var parseError))
            return new FreshnessReport { Reference = request.Reference, InUseImageId = request.InUseImageId, Error = $"not a registry reference: {parseError}" };
        var lookup = lookups(reference);
        var report = new FreshnessReport { Reference = request.Reference, InUseImageId = request.InUseImageId, Created = request.InUseCreated };
        var errors = new List<string>();
        ImageManifest? latest = null;
        ImageConfig? latestConfig = null;
        try
        {
            var digest = request.Known is { ReadByTag: true } read ? read.Digest : await lookup.ResolveDigestAsync(reference, ct);
            var (manifest, config, manifestDigest) = request.Known is { } known && known.Digest == digest
                ? (known.Manifest, (known.Config, known.Manifest.Config.Digest), digest.ToString())
                : await PlatformImageWithDigestAsync(lookup, reference.Repository, digest.ToString(), request.Platform, ct);
            latest = manifest;
            latestConfig = config.Config;
            report = report with
            {
                LatestDigest = digest.ToString(),
                LatestImageId = manifest.Config.Digest,
                LatestManifestDigest = manifestDigest,
                Stale = await StaleAsync(lookup, reference.Repository, request, [digest.ToString(), manifestDigest, manifest.Config.Digest], manifest.Config.Digest, ct),
                Created = request.InUseCreated ?? config.Config.Created,
            };
        }
        catch (DrydockException e)
        {
            errors.Add(e.Message);
        }
        if (request.WantNewerTags && reference.Tag is { } tag && latest is not null)
        {
            try
            {
                report = report with { NewerTags = NewerTags.Find(tag, await lookup.ListTagsAsync(reference.Repository, ct)) };
            }
            catch (DrydockException e)
            {
                errors.Add("tags: " + e.Message);
            }
        }
        if (request.WantBaseDrift && latest is not null && latestConfig is not null)
        {
            var diffIds = request.InUseDiffIds ?? latestConfig.RootFs?.DiffIds ?? [];
            var labels = request.InUseLabels ?? latestConfig.Config?.Labels;
            var base_ = BaseImageIdentifier.Identify(latest.Annotations ?? new Dictionary<string, string>(), labels, diffIds, request.BaseCatalog, DrydockPolicy.Default);
            if (base_ is not null)
            {
                report = report with { BaseImage = base_.Reference };
                try
                {
                    report = await BaseDriftAsync(report, base_.Reference, diffIds, request.Platform, ct);
                }
                catch (DrydockException e)
                {
                    errors.Add("base: " + e.Message);
                }
            }
        }
        return report with { RateLimit = lookup.RateLimit ?? request.Known?.RateLimit, Error = errors.Count == 0 ? null : string.Join("; ", errors) };
    }

    private async Task<FreshnessReport> BaseDriftAsync(FreshnessReport report, string baseName, IReadOnlyList<string> diffIds, Platform platform, CancellationToken ct)
    {
        // A base named with a digest is pinned: the question is where its TAG points now.
        var baseRef = ImageReference.Parse(baseName);
        if (baseRef.Digest is not null && baseRef.Tag is not null) baseRef = baseRef with { Digest = null };
        var lookup = lookups(baseRef);
        var digest = await lookup.ResolveDigestAsync(baseRef, ct);
        var (_, config) = await PlatformImageAsync(lookup, baseRef.Repository, digest.ToString(), platform, ct);
        var baseDiffIds = config.Config.RootFs?.DiffIds ?? [];
        var prefix = baseDiffIds.Count <= diffIds.Count && baseDiffIds.SequenceEqual(diffIds.Take(baseDiffIds.Count), StringComparer.Ordinal);
        return report with { BaseLatestDigest = digest.ToString(), RebuildNeeded = baseDiffIds.Count > 0 && !prefix };
    }

    /// <summary>
    /// Whether the image in use differs from the tag's: unknown without any identity; current when any digest the engine
    /// knows it by (config id, repo digests, descriptor) is the tag's index, platform manifest or config digest. Otherwise
    /// stale when the config digest in use is known; when only manifest digests are (containerd store) and the tag moved
    /// to a new index, the in-use index may hold the same platform image (another architecture was rebuilt): its
    /// platform manifest is read from the registry and its config compared, and it is stale only if that differs.
    /// </summary>
    private static async Task<bool?> StaleAsync(IRegistryLookup lookup, string repository, FreshnessRequest request, string[] latest, string latestConfig, CancellationToken ct)
    {
        var inUse = request.InUseDigests.Concat(request.InUseImageId is { } id ? [id] : []).ToHashSet(StringComparer.Ordinal);
        if (inUse.Count == 0) return null;
        if (latest.Any(inUse.Contains)) return false;
        if (request.InUseImageId is not null && !request.InUseDigests.Contains(request.InUseImageId, StringComparer.Ordinal)) return true;
        foreach (var digest in request.InUseDigests.Take(4))
        {
            try
            {
                var (_, config) = await PlatformImageAsync(lookup, repository, digest, request.Platform, ct);
                if (config.Digest == latestConfig) return false;
            }
            catch (DrydockException)
            {
                // gone from the registry (or another repository's): it cannot show the two are the same
            }
        }
        return true;
    }

    /// <summary>The image manifest (descending an index to <paramref name="platform"/>) and its config.</summary>
    internal static async Task<(ImageManifest Manifest, (ImageConfig Config, string Digest) Config)> PlatformImageAsync(
        IRegistryLookup lookup, string repository, string digest, Platform platform, CancellationToken ct)
    {
        var (manifest, config, _) = await PlatformImageWithDigestAsync(lookup, repository, digest, platform, ct);
        return (manifest, config);
    }

    /// <summary>As <see cref="PlatformImageAsync"/>, with the digest of the platform's manifest.</summary>
    private static async Task<(ImageManifest Manifest, (ImageConfig Config, string Digest) Config, string ManifestDigest)> PlatformImageWithDigestAsync(
        IRegistryLookup lookup, string repository, string digest, Platform platform, CancellationToken ct)
    {
        var fetched = await lookup.GetManifestAsync(repository, digest, ct);
        if (fetched.IsIndex)
        {
            var index = Parse(fetched.Bytes.ToArray(), SourceJsonContext.Default.ImageIndex, $"index {repository}@{digest}");
            var chosen = IndexPlatformSelector.Select(index, platform, $"{repository}@{digest}");
            fetched = await lookup.GetManifestAsync(repository, chosen.Digest, ct);
            if (fetched.IsIndex) throw new DrydockException($"{repository}@{chosen.Digest}: an index inside an index is not supported");
        }
        var manifest = Parse(fetched.Bytes.ToArray(), SourceJsonContext.Default.ImageManifest, $"manifest {repository}@{fetched.Digest}");
        var configBytes = await lookup.GetBlobBytesAsync(repository, manifest.Config, BlobLimits.Config, ct);
        var config = Parse(configBytes, SourceJsonContext.Default.ImageConfig, $"config {manifest.Config.Digest}");
        return (manifest, (config, manifest.Config.Digest), fetched.Digest.ToString());
    }

    private static T Parse<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new DrydockException($"{what} is empty");
        }
        catch (JsonException e)
        {
            throw new DrydockException($"{what} is not valid JSON ({e.Message.Split('.')[0]})");
        }
    }
}
