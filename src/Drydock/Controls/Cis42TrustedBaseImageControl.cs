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
        if (b is null)
            return ControlResults.Fail(this, context, Severity.High,
                "The base image could not be identified: no org.opencontainers.image.base.name annotation or label, and no catalogued base (drydock base add) is a layer prefix of this image.",
                [new Evidence { Message = "base image unknown" }]);
        var how = b.Method switch
        {
            "oci-annotation" => "from the org.opencontainers.image.base.name annotation",
            "label" => "from the org.opencontainers.image.base.name label",
            _ => $"by its first {b.LayerCount} layer(s) matching the catalogued base",
        };
        var name = b.Reference + (b.Digest is null ? "" : "@" + b.Digest);
        if (b.Trusted) return ControlResults.Pass(this, context, Severity.High, $"Base {name}, identified {how}, {b.TrustReason}.");
        return ControlResults.Fail(this, context, Severity.High, $"Base {name}, identified {how}, is not trusted: {b.TrustReason}.",
            [new Evidence { Message = $"base {name} ({b.Method})", LayerIndex = b.LayerCount is > 0 ? b.LayerCount - 1 : null }]);
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
