using Drydock.Bases;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.Targets;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The scan's registry questions (signatures, freshness, annotated bases), asked through the scanner's
/// <see cref="RegistryServices"/>. What is not asked, and why (offline, the request's freshness mode, a local target),
/// becomes the skip reason the controls show.
/// </summary>
internal static class RegistryStages
{
    internal const string OfflineFreshness = "Freshness was not looked up: this scanner has no registry access (offline).";
    internal const string OfflineSignatures = "Signatures were not looked up: this scanner has no registry access (offline).";
    internal const string NeverFreshness = "Freshness was not looked up (--offline or --freshness never).";
    internal const string LocalTargetFreshness = "Freshness is looked up for registry: and docker: targets (use --freshness always for archives and layouts that carry a reference).";

    /// <summary>True when the request wants the tag and base looked up for this target.</summary>
    public static bool WantsFreshness(ScanRequest request) =>
        request.Freshness == FreshnessMode.Always
        || request.Freshness == FreshnessMode.Auto && request.Target.Transport is ImageTransport.Registry or ImageTransport.DockerEngine;

    /// <summary>
    /// The freshness result, and why freshness is unknown (a coverage gap) when the lookup was made and gave no answer.
    /// A registry that cannot be reached makes freshness unknown, never the scan fail; an image with no tag to look up is no gap.
    /// </summary>
    public static async Task<(FreshnessResult Result, string? Failure)> FreshnessAsync(
        RegistryServices? registry, ScanRequest request, IImage image, IReadOnlyList<BaseCatalogEntry> catalog, CancellationToken ct)
    {
        if (!WantsFreshness(request))
            return (new FreshnessResult(null, request.Freshness == FreshnessMode.Never ? NeverFreshness : LocalTargetFreshness), null);
        if (registry is null) return (new FreshnessResult(null, OfflineFreshness), null);
        try
        {
            var result = await registry.Freshness.CheckAsync(image, catalog, ct);
            return (result, result.Report is { Stale: null } r ? $"{r.Reference}: {r.Error ?? "the registry gave no digest"}" : null);
        }
        catch (Exception e) when (e is DrydockException or HttpRequestException or IOException)
        {
            return (new FreshnessResult(null, $"The registry could not be asked: {e.Message}"), $"the registry could not be asked: {e.Message}");
        }
    }

    /// <summary>
    /// The catalogue, plus the base named by annotation or label when it is not catalogued and freshness is looked up,
    /// so CIS 4.2 can say how many bottom layers are the base's; a registry that cannot answer leaves a warning.
    /// </summary>
    public static async Task<IReadOnlyList<BaseCatalogEntry>> WithAnnotatedBaseAsync(
        RegistryServices? registry, ScanRequest request, IReadOnlyList<BaseCatalogEntry> catalog, IImage image,
        IReadOnlyDictionary<string, string> annotations, List<string> warnings, CancellationToken ct)
    {
        if (registry is null || !WantsFreshness(request)) return catalog;
        var labels = image.Config.Config?.Labels;
        var name = BaseImageIdentifier.NamedBase(annotations, labels);
        if (name is null || catalog.Any(e => string.Equals(e.Reference, name, StringComparison.Ordinal))) return catalog;
        try
        {
            return await registry.Bases.ResolveAsync(annotations, labels, request.Platform, ct) is { } entry ? [.. catalog, entry] : catalog;
        }
        catch (Exception e) when (e is DrydockException or HttpRequestException or IOException)
        {
            warnings.Add($"base image {name} could not be looked up: {e.Message}");
            return catalog;
        }
    }

    /// <summary>
    /// Base discovery, when controls run, the base is not already known to be trusted and the policy's trusted bases
    /// name repositories: their tags (the registry stage, cached), or, offline, each repository with why it was not
    /// listed, so CIS-4.2 says so instead of calling the base untrusted. Null when there is nothing to discover.
    /// </summary>
    public static async Task<TrustedBaseSearch?> TrustedBasesAsync(RegistryServices? registry, ScanRequest request, IImage image, BaseImageIdentification? identified, CancellationToken ct)
    {
        if (!request.RunControls || identified is { Trusted: true }) return null;
        var repositories = TrustedRepository.From(request.Policy);
        if (repositories.Count == 0) return null;
        if (registry is null) return TrustedBaseSearch.NotListed(repositories, "not listed: this scanner has no registry access (offline)");
        if (request.Freshness == FreshnessMode.Never) return TrustedBaseSearch.NotListed(repositories, "not listed: registry lookups are off (--offline or --freshness never)");
        return await registry.Bases.DiscoverAsync(request.Policy, image.Config.Platform, ct);
    }

    /// <summary>
    /// Signatures live in the registry, beside the image: looked for when it was read from one (CIS 4.5 / 4.12). Cosign
    /// signs the digest the tag resolves to (the index for multi-platform images), which the reference carries.
    /// </summary>
    public static Task<SignatureVerification> SignaturesAsync(RegistryServices? registry, ScanRequest request, IImage image, CancellationToken ct) =>
        registry is null
            ? Task.FromResult(SignatureVerification.NotAttempted(OfflineSignatures))
            : registry.Signatures.VerifyAsync(image, request.Target.Transport == ImageTransport.Registry ? image.Reference : null, request.Policy, ct);
}
