using Drydock.Images;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.6 "Ensure that HEALTHCHECK instructions have been added to container images". Docker's config carries
/// <c>Healthcheck</c>; the OCI config format has no such field (buildah --format oci drops HEALTHCHECK), so an OCI
/// config without one is skipped with that reason rather than failed.
/// </summary>
internal sealed class Cis46HealthcheckControl : IControl
{
    public string Id => "CIS-4.6";

    public string Title => "HEALTHCHECK is defined";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var check = context.Config.Config?.Healthcheck;
        var test = check?.Test ?? [];
        if (test.Count > 0 && test[0] != "NONE")
            return ControlResults.Pass(this, context, Severity.Low, $"HEALTHCHECK {string.Join(' ', test)}.");

        var step = context.History.LastOrDefault(h => h.Keyword == "HEALTHCHECK");
        if (test.Count > 0 && test[0] == "NONE")
            return ControlResults.Fail(this, context, Severity.Low, "HEALTHCHECK NONE disables the health check.",
                [new Evidence { Message = "HEALTHCHECK NONE", HistoryIndex = step?.Index }]);
        if (context.ConfigMediaType == MediaTypes.OciConfig && check is null)
            return ControlResults.Skip(this, context, Severity.Low,
                "The OCI image config format has no HEALTHCHECK field (buildah --format oci drops it); build in Docker format or set --health-cmd at run time.");
        return ControlResults.Fail(this, context, Severity.Low, "The image defines no HEALTHCHECK.",
            [new Evidence { Message = "no Healthcheck in the image config" }]);
    }
}
