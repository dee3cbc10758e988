using Drydock.Model;
using Drydock.Controls.Dockerfile;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.5 "Ensure Content trust for Docker is Enabled", checked on the image itself: the image must carry a signature
/// that verifies under one policy rule for its repository: a Docker Content Trust target on the rule's notary server
/// (<c>contentTrust</c>; Docker Hub's own notary shuts down 2026-12-08, private notary servers remain), a cosign
/// signature or Sigstore bundle by a required key, a keyless Sigstore bundle for a keyless identity, or a Notation
/// signature anchored in a notation trust store.
/// </summary>
internal sealed class Cis45ContentTrustControl : IControl, IDockerfileCheck
{
    public string Id => "CIS-4.5";

    public string Title => "Image is signed by a trusted key";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var v = context.Signatures;
        if (v is null || !v.Attempted)
            return ControlResults.Skip(this, context, Severity.High, v?.NotAttemptedReason ?? "Signature verification was not requested.");
        if (v.SignedByRequiredKey)
        {
            var ok = v.Checks.First(c => c.Valid);
            return ok.Rule is null
                ? ControlResults.Pass(this, context, Severity.High, $"Signed ({ok.Kind}) by {Path.GetFileName(ok.KeyFile)}, found at {ok.Source}, over {ok.SignedDigest}.")
                : ControlResults.Pass(this, context, Severity.High, $"Signed ({ok.Kind}) by {ok.Signer} under the {ok.Rule}, found at {ok.Source}, over {ok.SignedDigest}.");
        }
        var evidence = v.Checks.Count == 0
            ? [new Evidence { Message = "no cosign signature (sha256-<digest>.sig tag), no Sigstore bundle and no Notation signature (referrers) found, and no contentTrust rule covers the repository" }]
            : v.Checks.Select(c => new Evidence { Message = $"{c.Kind} from {c.Source}: {c.Problem}" }).ToList();
        return ControlResults.Fail(this, context, Severity.High,
            v.Checks.Count == 0 ? "The image is not signed." : "No signature verifies with a required key for this repository.", evidence);
    }

    public ControlResult EvaluateDockerfile(DockerfileContext context) =>
        ControlResults.Skip(this, context, Severity.High, "Signatures can only be checked on the built image (drydock image).");
}
