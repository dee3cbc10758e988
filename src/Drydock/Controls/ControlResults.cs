using Drydock.Model;
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

    private static ControlResult Make(IControl control, ControlContext context, Severity severity, ControlOutcome outcome, string summary, IReadOnlyList<Evidence> evidence) =>
        new()
        {
            Id = control.Id,
            Title = control.Title,
            Outcome = outcome,
            Severity = context.Policy.SeverityOf(control.Id, severity),
            Summary = summary,
            Evidence = evidence,
        };
}
