using System.Text.RegularExpressions;
using Drydock.Images;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.9 "Ensure that COPY is used instead of ADD in Dockerfiles": every ADD step except the base root
/// filesystem (an <c>ADD file:… in /</c> that made the first layer). An ADD of a remote URL fetches unverified
/// content at build time and is reported first, at high severity.
/// </summary>
internal sealed partial class Cis49AddInsteadOfCopyControl : IControl
{
    public string Id => "CIS-4.9";

    public string Title => "COPY is used instead of ADD";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var adds = context.History
            .Where(h => h.Keyword == "ADD" && !IsBaseRootfs(h))
            .Select(h => (Step: h, Remote: RemotePattern().IsMatch(h.Instruction)))
            .OrderByDescending(a => a.Remote)
            .ThenBy(a => a.Step.Index)
            .ToList();
        var evidence = adds.Select(a => new Evidence
        {
            Message = (a.Remote ? "remote URL: " : "") + a.Step.Instruction,
            HistoryIndex = a.Step.Index,
            LayerIndex = a.Step.LayerIndex,
        }).ToList();
        var severity = adds.Any(a => a.Remote) ? Severity.High : Severity.Low;
        return ControlResults.FromEvidence(this, context, severity, evidence,
            "No ADD step other than the base root filesystem.",
            adds.Any(a => a.Remote)
                ? $"{adds.Count} ADD step(s), {adds.Count(a => a.Remote)} fetching a remote URL."
                : $"{adds.Count} ADD step(s) where COPY would do.");
    }

    private static bool IsBaseRootfs(HistoryStep step) =>
        step.LayerIndex == 0 && BaseRootfsPattern().IsMatch(step.Instruction);

    [GeneratedRegex(@"^ADD\s+(file|multi|dir):[0-9a-f]+\s+in\s+/\s*$|^ADD\s+\S+\.tar(\.\w+)?\s+/\s*(#.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex BaseRootfsPattern();

    [GeneratedRegex(@"\bhttps?://|\bgit@", RegexOptions.IgnoreCase)]
    private static partial Regex RemotePattern();
}
