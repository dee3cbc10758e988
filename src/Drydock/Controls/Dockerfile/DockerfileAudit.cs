using System.Text.RegularExpressions;
using Drydock.Bases;
using Drydock.Model;
using Drydock.Policy;
using Drydock.Controls.Secrets;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Vulnerabilities;

namespace Drydock.Controls.Dockerfile;

/// <summary>
/// The image controls where a Dockerfile can show them, before anything is built: every control that implements
/// <see cref="IDockerfileCheck"/> (USER 4.1, FROM trust, tags and pins 4.2, unnecessary packages 4.3, HEALTHCHECK 4.6,
/// update alone 4.7, setuid chmod 4.8, ADD 4.9, secrets in ENV/ARG/RUN 4.10, unverified installs 4.11; content trust
/// 4.5 and signed artifacts 4.12 skip with the reason), in catalogue order. Evidence carries line numbers.
/// </summary>
public static class DockerfileAudit
{
    /// <summary>The verdicts of the policy's enabled <paramref name="controls"/> (default <see cref="ControlCatalog.All"/>) that can judge a Dockerfile.</summary>
    public static IReadOnlyList<ControlResult> Evaluate(IReadOnlyList<DockerfileInstruction> dockerfile, DrydockPolicy policy, IReadOnlyList<IControl>? controls = null)
    {
        var context = new DockerfileContext(dockerfile, policy);
        return (controls ?? ControlCatalog.All)
            .Where(c => c is IDockerfileCheck && policy.IsEnabled(c.Id))
            .Select(c => ((IDockerfileCheck)c).EvaluateDockerfile(context))
            .ToList();
    }
}
