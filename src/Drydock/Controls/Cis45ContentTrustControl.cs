using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.5 "Ensure Content trust for Docker is Enabled", checked on the image itself: Docker Content Trust is being
/// retired (Docker Hub's notary shuts down 2026-12-08), so the image must carry a cosign signature or Sigstore
/// bundle by a key the policy requires for its repository.
/// </summary>
internal sealed class Cis45ContentTrustControl : IControl
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
            return ControlResults.Pass(this, context, Severity.High, $"Signed ({ok.Kind}) by {Path.GetFileName(ok.KeyFile)} over {ok.SignedDigest}.");
        }
        var evidence = v.Checks.Count == 0
            ? [new Evidence { Message = "no cosign signature (sha256-<digest>.sig tag) and no Sigstore bundle (referrers) found" }]
            : v.Checks.Select(c => new Evidence { Message = $"{c.Kind} from {c.Source}: {c.Problem}" }).ToList();
        return ControlResults.Fail(this, context, Severity.High,
            v.Checks.Count == 0 ? "The image is not signed." : "No signature verifies with a required key for this repository.", evidence);
    }
}
