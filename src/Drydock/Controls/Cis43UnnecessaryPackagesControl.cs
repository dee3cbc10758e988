using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.3 "Ensure that unnecessary packages are not installed in the container": fails with every installed
/// package the policy's <c>unnecessaryPackages</c> list names (remote-access servers, compilers, build tools…).
/// </summary>
internal sealed class Cis43UnnecessaryPackagesControl : IControl
{
    public string Id => "CIS-4.3";

    public string Title => "No unnecessary packages";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var patterns = context.Policy.UnnecessaryPackages.Select(p => Glob.ToRegex(p)).ToList();
        var evidence = context.Inventory.Packages
            .Where(p => patterns.Any(r => r.IsMatch(p.Name)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new Evidence
            {
                Message = $"{p.Name} {p.Version} is installed",
                Path = p.FoundIn,
                LayerIndex = p.LayerIndex,
                HistoryIndex = context.History.FirstOrDefault(h => h.LayerIndex == p.LayerIndex)?.Index,
            })
            .ToList();
        return ControlResults.FromEvidence(this, context, Severity.Medium, evidence,
            $"None of the {context.Policy.UnnecessaryPackages.Count} packages the policy calls unnecessary is installed.",
            $"{evidence.Count} unnecessary package(s) installed: {string.Join(", ", evidence.Select(e => e.Message.Split(' ')[0]).Distinct())}.");
    }
}
