using Drydock.Policy;

namespace Drydock.Bases;

/// <summary>
/// Identifies the base image, in order of evidence strength: the OCI annotations
/// <c>org.opencontainers.image.base.name</c>/<c>base.digest</c> on the manifest (image-spec annotations.md), the same
/// keys as config labels (builders that cannot annotate write labels), then the layer chain — the longest catalogue
/// image whose diff ids are a prefix of this image's, preferring trusted ones.
/// </summary>
public static class BaseImageIdentifier
{
    public const string BaseNameKey = "org.opencontainers.image.base.name";
    public const string BaseDigestKey = "org.opencontainers.image.base.digest";

    public static BaseImageIdentification? Identify(
        IReadOnlyDictionary<string, string> annotations,
        IReadOnlyDictionary<string, string>? labels,
        IReadOnlyList<string> diffIds,
        IReadOnlyList<BaseCatalogEntry> catalog,
        DrydockPolicy policy)
    {
        var chain = FromChain(diffIds, catalog, policy);
        if (annotations.TryGetValue(BaseNameKey, out var name) && name.Length > 0)
            return Make(policy, name, annotations.GetValueOrDefault(BaseDigestKey), "oci-annotation", chain?.LayerCount);
        if (labels is not null && labels.TryGetValue(BaseNameKey, out var labelName) && labelName.Length > 0)
            return Make(policy, labelName, labels.GetValueOrDefault(BaseDigestKey), "label", chain?.LayerCount);
        return chain;
    }

    /// <summary>The base named by the annotation, else by the label; null when neither names one.</summary>
    public static string? NamedBase(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string>? labels) =>
        annotations.GetValueOrDefault(BaseNameKey) is { Length: > 0 } name ? name
        : labels?.GetValueOrDefault(BaseNameKey) is { Length: > 0 } labelName ? labelName
        : null;

    private static BaseImageIdentification? FromChain(IReadOnlyList<string> diffIds, IReadOnlyList<BaseCatalogEntry> catalog, DrydockPolicy policy)
    {
        var candidates = catalog
            .Where(e => e.DiffIds.Count > 0 && e.DiffIds.Count <= diffIds.Count && e.DiffIds.SequenceEqual(diffIds.Take(e.DiffIds.Count), StringComparer.Ordinal))
            .Select(e => (Entry: e, Trust: TrustedBaseMatcher.Evaluate(policy, e.Reference, e.Digest)))
            .OrderByDescending(c => c.Trust.Trusted)
            .ThenByDescending(c => c.Entry.DiffIds.Count)
            .ThenBy(c => c.Entry.Reference, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0) return null;
        var (entry, trust) = candidates[0];
        return new BaseImageIdentification
        {
            Reference = entry.Reference,
            Digest = entry.Digest,
            Method = "layer-chain",
            LayerCount = entry.DiffIds.Count,
            Trusted = trust.Trusted,
            TrustReason = trust.Reason,
        };
    }

    private static BaseImageIdentification Make(DrydockPolicy policy, string reference, string? digest, string method, int? layers)
    {
        var (trusted, reason) = TrustedBaseMatcher.Evaluate(policy, reference, digest);
        return new BaseImageIdentification
        {
            Reference = reference,
            Digest = digest,
            Method = method,
            LayerCount = layers,
            Trusted = trusted,
            TrustReason = reason,
        };
    }
}
