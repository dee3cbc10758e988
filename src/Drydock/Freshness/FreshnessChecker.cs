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
/// Docker Hub does not count as a pull); the four manifest media types are accepted; for an index the manifest of the
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
            var digest = await lookup.ResolveDigestAsync(reference, ct);
            var (manifest, config) = await PlatformImageAsync(lookup, reference.Repository, digest.ToString(), request.Platform, ct);
            latest = manifest;
            latestConfig = config.Config;
            report = report with
            {
                LatestDigest = digest.ToString(),
                LatestImageId = manifest.Config.Digest,
                Stale = request.InUseImageId is null ? null : !string.Equals(manifest.Config.Digest, request.InUseImageId, StringComparison.Ordinal),
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
        return report with { RateLimit = lookup.RateLimit, Error = errors.Count == 0 ? null : string.Join("; ", errors) };
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

    /// <summary>The image manifest (descending an index to <paramref name="platform"/>) and its config.</summary>
    internal static async Task<(ImageManifest Manifest, (ImageConfig Config, string Digest) Config)> PlatformImageAsync(
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
        return (manifest, (config, manifest.Config.Digest));
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
