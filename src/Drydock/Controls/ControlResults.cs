using Drydock.Model;
using Drydock.Controls.Dockerfile;
using Drydock.Policy;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>Small constructors so each control reads as its rule, not as record plumbing.</summary>
internal static class ControlResults
{
    public static ControlResult Pass(IControl control, ControlContext context, Severity severity, string summary) =>
        Make(control, context, severity, ControlOutcome.Pass, summary, []);

    public static ControlResult Skip(IControl control, ControlContext context, Severity severity, string summary) =>
        Make(control, context, severity, ControlOutcome.Skip, summary, []);

    public static ControlResult Fail(IControl control, ControlContext context, Severity severity, string summary, IEnumerable<Evidence> evidence) =>
        Make(control, context, severity, ControlOutcome.Fail, summary, evidence.ToList());

    /// <summary>Pass when there is no evidence, otherwise fail with it.</summary>
    public static ControlResult FromEvidence(IControl control, ControlContext context, Severity severity, IReadOnlyList<Evidence> evidence, string passSummary, string failSummary) =>
        evidence.Count == 0
            ? Pass(control, context, severity, passSummary)
            : Fail(control, context, severity, failSummary, evidence);

    // The same verdicts on a Dockerfile (IDockerfileCheck): evidence names lines instead of layers.
    public static ControlResult Pass(IControl control, DockerfileContext context, Severity severity, string summary) =>
        Make(control, context.Policy, severity, ControlOutcome.Pass, summary, []);

    public static ControlResult Skip(IControl control, DockerfileContext context, Severity severity, string summary) =>
        Make(control, context.Policy, severity, ControlOutcome.Skip, summary, []);

    public static ControlResult Fail(IControl control, DockerfileContext context, Severity severity, string summary, IEnumerable<Evidence> evidence) =>
        Make(control, context.Policy, severity, ControlOutcome.Fail, summary, evidence.ToList());

    public static ControlResult FromEvidence(IControl control, DockerfileContext context, Severity severity, IReadOnlyList<Evidence> evidence, string passSummary, string failSummary) =>
        evidence.Count == 0
            ? Pass(control, context, severity, passSummary)
            : Fail(control, context, severity, failSummary, evidence);

    private static ControlResult Make(IControl control, ControlContext context, Severity severity, ControlOutcome outcome, string summary, IReadOnlyList<Evidence> evidence) =>
        Make(control, context.Policy, severity, outcome, summary, evidence);

    private static ControlResult Make(IControl control, DrydockPolicy policy, Severity severity, ControlOutcome outcome, string summary, IReadOnlyList<Evidence> evidence) =>
        new()
        {
            Id = control.Id,
            Title = control.Title,
            Outcome = outcome,
            Severity = policy.SeverityOf(control.Id, severity),
            Summary = summary,
            Evidence = evidence,
        };
}
