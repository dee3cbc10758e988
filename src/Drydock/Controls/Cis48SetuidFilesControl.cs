using System.Text.RegularExpressions;
using Drydock.Controls.Dockerfile;
using Drydock.Images.FileSystem;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.8 "Ensure setuid and setgid permissions are removed": every regular file in the final filesystem with the
/// setuid or setgid bit, with its mode, owner and the layer that wrote it, unless the policy allow-lists its path.
/// </summary>
internal sealed partial class Cis48SetuidFilesControl : IControl, IDockerfileCheck
{
    public string Id => "CIS-4.8";

    public string Title => "No setuid/setgid files";

    public bool Wants(string path, long size, int mode) => false;

    /// <summary>The view lists only what someone asked for: this control needs every setuid or setgid entry.</summary>
    public bool WantsEntry(string path, int mode) => (mode & 0xC00) != 0;

    public ControlResult Evaluate(ControlContext context)
    {
        var allowed = context.Policy.SetuidAllowList.Select(p => Glob.Compile(p.TrimStart('/'))).ToList();
        var evidence = context.FileSystem.Entries
            .Where(e => e.Kind == FileKind.File && (e.IsSetuid || e.IsSetgid) && !allowed.Any(r => r.IsMatch(e.Path)))
            .Select(e => new Evidence
            {
                Message = $"/{e.Path} {e.ModeString} {e.Uid}:{e.Gid} ({(e.IsSetuid ? "setuid" : "")}{(e.IsSetuid && e.IsSetgid ? "+" : "")}{(e.IsSetgid ? "setgid" : "")})",
                Path = e.Path,
                LayerIndex = e.LayerIndex,
                HistoryIndex = context.History.FirstOrDefault(h => h.LayerIndex == e.LayerIndex)?.Index,
            })
            .ToList();
        return ControlResults.FromEvidence(this, context, Severity.Medium, evidence,
            "No file keeps a setuid or setgid bit.",
            $"{evidence.Count} file(s) keep a setuid or setgid bit.");
    }

    /// <summary>A RUN that sets a setuid or setgid bit with chmod (symbolic <c>u+s</c>/<c>g+s</c> or a 4-digit mode).</summary>
    public ControlResult EvaluateDockerfile(DockerfileContext context)
    {
        var evidence = context.Runs.Where(r => SetuidChmod().IsMatch(r.Arguments)).Select(r => DockerfileContext.At(r, SetuidChmod().Match(r.Arguments).Value)).ToList();
        return ControlResults.FromEvidence(this, context, Severity.Medium, evidence,
            "No RUN sets a setuid or setgid bit (the built image's files are checked by drydock image).", $"{evidence.Count} set setuid/setgid bits.");
    }

    [GeneratedRegex(@"chmod\s+(-\S+\s+)*([ugoa]*\+[rwxX]*s[rwxXst]*|[2467][0-7]{3})\b")]
    private static partial Regex SetuidChmod();
}
