using Drydock.Bases;
using Drydock.Model;
using Drydock.Controls.Dockerfile;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.2 "Ensure that containers use only trusted base images": the image and its base must have been downloaded
/// over a secure channel (verified TLS; a registry in the policy's <c>insecureRegistriesAllowed</c> is accepted), and the
/// base is identified (annotation, label or layer chain; see <see cref="Bases.BaseImageIdentifier"/>) and checked
/// against the policy's <c>trustedBases</c>.
/// </summary>
internal sealed class Cis42TrustedBaseImageControl : IControl, IDockerfileCheck
{
    public string Id => "CIS-4.2";

    public string Title => "Only trusted base images";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var insecure = (context.Signatures?.InsecureChannels ?? []).Where(c => !AllowedInsecure(context.Policy, c.Registry)).ToList();
        if (insecure.Count > 0)
            return ControlResults.Fail(this, context, Severity.High,
                $"Not downloaded over a secure channel: {string.Join("; ", insecure.Select(c => $"{c.What} was {c.Reason} from {c.Registry}"))}.",
                insecure.Select(c => new Evidence { Message = $"{c.What} from {c.Registry}: {c.Reason}; list the registry in insecureRegistriesAllowed if it is an accepted internal one" }).ToList());
        if (context.Policy.TrustedBases.Count == 0)
            return ControlResults.Skip(this, context, Severity.High, "The policy lists no trusted bases (trustedBases in drydock.yaml).");
        var b = context.BaseImage;
        if (b is { Trusted: true }) return ControlResults.Pass(this, context, Severity.High, $"Base {NameOf(b)}, identified {How(b)}, {b.TrustReason}.");
        // A chain that matched nothing proves nothing while a trusted repository went unlisted: say so rather than "untrusted".
        if (context.BaseSearch is { Unlisted.Count: > 0 } search && b?.Method is not ("oci-annotation" or "label"))
            return ControlResults.Skip(this, context, Severity.High,
                $"The base could not be compared with every trusted base repository: {string.Join("; ", search.Unlisted)}.");
        var divergence = DivergenceEvidence(context.BaseDivergence);
        if (b is null)
            return ControlResults.Fail(this, context, Severity.High,
                "The base image could not be identified: no org.opencontainers.image.base.name annotation or label, and no catalogued base (drydock base add) " +
                (context.BaseSearch is null ? "is a layer prefix of this image." : "nor any tag of the trusted base repositories is a layer prefix of this image."),
                [new Evidence { Message = "base image unknown" }, .. divergence]);
        return ControlResults.Fail(this, context, Severity.High, $"Base {NameOf(b)}, identified {How(b)}, is not trusted: {b.TrustReason}.",
            [new Evidence { Message = $"base {NameOf(b)} ({b.Method})", LayerIndex = b.LayerCount is > 0 ? b.LayerCount - 1 : null }, .. divergence]);
    }

    private static string NameOf(BaseImageIdentification b) => b.Reference + (b.Digest is null ? "" : "@" + b.Digest);

    private static string How(BaseImageIdentification b) => b.Method switch
    {
        "oci-annotation" => "from the org.opencontainers.image.base.name annotation",
        "label" => "from the org.opencontainers.image.base.name label",
        _ => $"by its first {b.LayerCount} layer(s) matching the catalogued base",
    };

    /// <summary>The layer (index, diff id, blob digest) where the chain leaves every trusted base, over the longest common prefix.</summary>
    private static IEnumerable<Evidence> DivergenceEvidence(TrustedChainDivergence? d)
    {
        if (d is null) yield break;
        if (d.LayerIndex is not { } index)
        {
            yield return new Evidence { Message = $"the image's whole layer chain lies inside trusted base {d.Closest} ({d.CommonLayers} layer(s)), which no trusted base completes" };
            yield break;
        }
        var shared = d.CommonLayers == 0 ? $"no bottom layer is shared with any of the {d.Candidates} trusted base image(s)"
            : $"the first {d.CommonLayers} layer(s) match trusted base {d.Closest}, the longest common prefix of {d.Candidates} trusted base image(s)";
        yield return new Evidence
        {
            Message = $"layer {index} (diff id {d.LayerDiffId}{(d.LayerDigest is null ? "" : ", blob " + d.LayerDigest)}) is where the image leaves every trusted base: {shared}",
            LayerIndex = index,
        };
    }

    internal static bool AllowedInsecure(DrydockPolicy policy, string registry) =>
        policy.InsecureRegistriesAllowed.Any(a => string.Equals(a, registry, StringComparison.OrdinalIgnoreCase) ||
                                                  (!a.Contains(':', StringComparison.Ordinal) && registry.StartsWith(a + ":", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Every FROM that is not a stage: pinned (a version tag or digest, never latest) and, when the policy lists trusted bases, trusted.</summary>
    public ControlResult EvaluateDockerfile(DockerfileContext context)
    {
        var froms = context.Instructions.Where(i => i.Keyword == "FROM").ToList();
        var stageNames = froms.Select(DockerfileContext.StageName).Where(n => n is not null).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var evidence = froms.SelectMany(from => FromProblems(from, stageNames, context.Policy).Select(p => DockerfileContext.At(from, $"FROM {DockerfileContext.BaseOf(from)}: {p}"))).ToList();
        return ControlResults.FromEvidence(this, context, Severity.High, evidence,
            context.Policy.TrustedBases.Count > 0 ? "Every FROM is a trusted base with a fixed tag or digest." : "Every FROM has a fixed tag or digest (the policy lists no trusted bases to check against).",
            $"{evidence.Count} FROM problem(s).");
    }

    private static IEnumerable<string> FromProblems(DockerfileInstruction from, HashSet<string?> stageNames, DrydockPolicy policy)
    {
        var image = DockerfileContext.BaseOf(from);
        if (stageNames.Contains(image) || image == "scratch") yield break;
        if (image.Contains('$', StringComparison.Ordinal))
        {
            yield return "the base is chosen by a build argument and cannot be checked";
            yield break;
        }
        if (!ImageReference.TryParse(image, out var reference, out var error))
        {
            yield return error;
            yield break;
        }
        var explicitTag = image.Contains('@', StringComparison.Ordinal) || image[(image.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal);
        if (reference.Digest is null && (!explicitTag || reference.Tag == "latest"))
            yield return "uses the 'latest' tag, so the base changes under you; pin a version tag or a digest";
        if (policy.TrustedBases.Count > 0)
        {
            var (trusted, reason) = TrustedBaseMatcher.Evaluate(policy, reference.ToString(), reference.Digest?.ToString());
            if (!trusted) yield return $"not trusted ({reason})";
        }
    }
}
