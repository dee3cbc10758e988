using System.Text.RegularExpressions;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.7 "Ensure update instructions are not used alone in Dockerfiles": a RUN step that refreshes the package
/// index (<c>apt-get update</c>, <c>apk update</c>, <c>yum/dnf makecache</c>, <c>zypper refresh</c>) without installing
/// in the same step leaves a cached layer that later builds reuse stale.
/// </summary>
internal sealed partial class Cis47UpdateAloneControl : IControl
{
    public string Id => "CIS-4.7";

    public string Title => "Update instructions are not used alone";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var evidence = context.History
            .Where(h => h.Keyword == "RUN" && IsUpdateAlone(h.Instruction))
            .Select(h => new Evidence { Message = $"RUN {h.Instruction}", HistoryIndex = h.Index, LayerIndex = h.LayerIndex })
            .ToList();
        return ControlResults.FromEvidence(this, context, Severity.Medium, evidence,
            "No history step refreshes a package index without installing in the same step.",
            $"{evidence.Count} step(s) update the package index without installing in the same step.");
    }

    /// <summary>True when a shell command refreshes a package index and installs nothing in the same command.</summary>
    internal static bool IsUpdateAlone(string command) => UpdatePattern().IsMatch(command) && !InstallPattern().IsMatch(command);

    [GeneratedRegex(@"\b(apt-get|apt|aptitude)\s+(-\S+\s+)*update\b|\bapk\s+(-\S+\s+)*update\b|\b(yum|dnf|microdnf)\s+(-\S+\s+)*makecache\b|\bzypper\s+(-\S+\s+)*(refresh|ref)\b")]
    private static partial Regex UpdatePattern();

    [GeneratedRegex(@"\b(apt-get|apt|aptitude)\s+(-\S+\s+)*(install|upgrade|dist-upgrade|full-upgrade)\b|\bapk\s+(-\S+\s+)*(add|upgrade)\b|\b(yum|dnf|microdnf)\s+(-\S+\s+)*(install|update|upgrade)\b|\bzypper\s+(-\S+\s+)*(install|in|update|up|patch)\b")]
    private static partial Regex InstallPattern();
}
