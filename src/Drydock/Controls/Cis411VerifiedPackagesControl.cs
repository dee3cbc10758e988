using System.Text.RegularExpressions;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.11 "Ensure only verified packages are installed": package sources configured to skip signature checks
/// (apt <c>[trusted=yes]</c>, <c>AllowUnauthenticated</c>/<c>AllowInsecureRepositories</c>, yum/dnf <c>gpgcheck=0</c>),
/// and history steps that install without verification (apk <c>--allow-untrusted</c>, <c>--nogpgcheck</c>,
/// <c>--allow-unauthenticated</c>, rpm <c>--nosignature</c>, <c>curl … | sh</c>).
/// </summary>
internal sealed partial class Cis411VerifiedPackagesControl : IControl
{
    public string Id => "CIS-4.11";

    public string Title => "Only verified packages are installed";

    public bool Wants(string path, long size, int mode) => size <= 1024 * 1024 && IsSourceConfig(path);

    private static bool IsSourceConfig(string path) =>
        path == "etc/apt/sources.list" || path == "etc/yum.conf" || path == "etc/dnf/dnf.conf"
        || (path.StartsWith("etc/apt/sources.list.d/", StringComparison.Ordinal) && (path.EndsWith(".list", StringComparison.Ordinal) || path.EndsWith(".sources", StringComparison.Ordinal)))
        || path.StartsWith("etc/apt/apt.conf.d/", StringComparison.Ordinal) || path == "etc/apt/apt.conf"
        || (path.StartsWith("etc/yum.repos.d/", StringComparison.Ordinal) && path.EndsWith(".repo", StringComparison.Ordinal))
        || (path.StartsWith("etc/zypp/repos.d/", StringComparison.Ordinal) && path.EndsWith(".repo", StringComparison.Ordinal));

    public ControlResult Evaluate(ControlContext context)
    {
        var evidence = new List<Evidence>();
        foreach (var entry in context.FileSystem.Entries.Where(e => IsSourceConfig(e.Path) && context.FileSystem.HasContent(e.Path)))
        {
            using var reader = new StreamReader(context.FileSystem.OpenRead(entry.Path));
            var lineNo = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNo++;
                var trimmed = line.Trim();
                if (trimmed.StartsWith('#') || trimmed.Length == 0) continue;
                if (UnverifiedConfig().IsMatch(trimmed))
                    evidence.Add(new Evidence { Message = $"/{entry.Path}:{lineNo}: {trimmed}", Path = entry.Path, LayerIndex = entry.LayerIndex });
            }
        }
        foreach (var step in context.History.Where(h => h.Keyword == "RUN"))
        {
            if (UnverifiedInstall(step.Instruction) is { } what)
                evidence.Add(new Evidence { Message = $"history step {step.Index}: {what}", HistoryIndex = step.Index, LayerIndex = step.LayerIndex });
        }
        return ControlResults.FromEvidence(this, context, Severity.High, evidence,
            "Package sources verify signatures and no step installs unverified content.",
            $"{evidence.Count} place(s) install or allow unverified packages.");
    }

    /// <summary>The part of a shell command that installs without verification, or null.</summary>
    internal static string? UnverifiedInstall(string command)
    {
        var m = UnverifiedCommand().Match(command);
        return m.Success ? m.Value.Trim() : null;
    }

    [GeneratedRegex(@"\[[^\]]*trusted=yes[^\]]*\]|^Trusted:\s*yes|AllowUnauthenticated\s+""?(true|1)|AllowInsecureRepositories\s+""?(true|1)|AllowDowngradeToInsecureRepositories\s+""?(true|1)|^gpgcheck\s*=\s*(0|false|no)\b|^repo_gpgcheck\s*=\s*(0|false|no)\b.*\bgpgcheck\s*=\s*0", RegexOptions.IgnoreCase)]
    private static partial Regex UnverifiedConfig();

    [GeneratedRegex(@"--allow-untrusted\b|--nogpgcheck\b|--allow-unauthenticated\b|--force-yes\b|--no-check-certificate\b|--nosignature\b|--nodigest\b|--insecure\b|(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(ba|z|da)?sh\b|pip3?\s+install\b[^;&|]*--trusted-host\b")]
    private static partial Regex UnverifiedCommand();
}
