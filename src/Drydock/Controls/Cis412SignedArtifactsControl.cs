using Drydock.Model;
using Drydock.Controls.Dockerfile;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.12 "Ensure all signed artifacts are validated": every signature attached to the image must verify and be
/// over this image's digest; one that does not (tampered, wrong key, moved from another digest) fails the control.
/// </summary>
internal sealed class Cis412SignedArtifactsControl : IControl, IDockerfileCheck
{
    public string Id => "CIS-4.12";

    public string Title => "All signed artifacts validate";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var v = context.Signatures;
        if (v is null || !v.Attempted)
            return ControlResults.Skip(this, context, Severity.Medium, v?.NotAttemptedReason ?? "Signature verification was not requested.");
        var found = v.Checks.Where(c => !c.Unsigned).ToList();
        if (found.Count == 0)
            return ControlResults.Skip(this, context, Severity.Medium, "No signed artifact is attached to the image.");
        var bad = found.Where(c => !c.Valid).Select(c => new Evidence { Message = $"{c.Kind} from {c.Source}: {c.Problem}" }).ToList();
        return ControlResults.FromEvidence(this, context, Severity.Medium, bad,
            $"All {found.Count} signature(s) validate against this image's digest.",
            $"{bad.Count} of {found.Count} signature(s) do not validate.");
    }

    public ControlResult EvaluateDockerfile(DockerfileContext context) =>
        ControlResults.Skip(this, context, Severity.Medium, "Signatures can only be checked on the built image (drydock image).");
}
