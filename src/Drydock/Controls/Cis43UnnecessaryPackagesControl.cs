using Drydock.Model;
using System.Text.RegularExpressions;
using Drydock.Controls.Dockerfile;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.3 "Ensure that unnecessary packages are not installed in the container": fails with every installed
/// package the policy's <c>unnecessaryPackages</c> list names (remote-access servers, compilers, build tools…).
/// </summary>
internal sealed partial class Cis43UnnecessaryPackagesControl : IControl, IDockerfileCheck
{
    public string Id => "CIS-4.3";

    public string Title => "No unnecessary packages";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        var patterns = context.Policy.UnnecessaryPackages.Select(p => Glob.Compile(p)).ToList();
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

    /// <summary>Packages the policy calls unnecessary, named by an install command in a RUN of the final stage.</summary>
    public ControlResult EvaluateDockerfile(DockerfileContext context)
    {
        var patterns = context.Policy.UnnecessaryPackages.Select(p => Glob.Compile(p)).ToList();
        var evidence = context.Runs.Where(r => context.FinalChain.Contains(r.Stage)).SelectMany(r => InstalledBy(r, patterns)).ToList();
        return ControlResults.FromEvidence(this, context, Severity.Medium, evidence,
            "No RUN step of the final stage installs a package the policy calls unnecessary.", $"{evidence.Count} installs unnecessary package(s).");
    }

    private static IEnumerable<Evidence> InstalledBy(DockerfileInstruction run, List<GlobPattern> patterns) =>
        InstallCommand().Matches(run.Arguments)
            .SelectMany(m => m.Groups["pkgs"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => !p.StartsWith('-'))
            .Select(p => p.Split('=', 2)[0])
            .Where(p => patterns.Any(r => r.IsMatch(p)))
            .Distinct(StringComparer.Ordinal)
            .Select(p => DockerfileContext.At(run, $"installs {p}"));

    [GeneratedRegex(@"\b(?:apt-get|apt|apk|yum|dnf|microdnf|zypper)\s+(?:-\S+\s+)*(?:install|add|in)\s+(?<pkgs>[^;&|]*)")]
    private static partial Regex InstallCommand();
}
