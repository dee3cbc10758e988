using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.2 "Ensure that containers use only trusted base images": the base is identified (annotation, label or
/// layer chain; see <see cref="Bases.BaseImageIdentifier"/>) and checked against the policy's <c>trustedBases</c>.
/// </summary>
internal sealed class Cis42TrustedBaseImageControl : IControl
{
    public string Id => "CIS-4.2";

    public string Title => "Only trusted base images";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
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
}
