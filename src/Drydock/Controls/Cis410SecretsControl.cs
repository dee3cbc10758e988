using System.Text;
using Drydock.Controls.Dockerfile;
using Drydock.Controls.Secrets;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.10 "Ensure secrets are not stored in Dockerfiles": secrets in ENV values, in history commands (build args
/// and RUN lines are recorded there), in labels, and in credential files left in the filesystem (private keys, cloud
/// and registry credentials, <c>.env</c>, <c>.npmrc</c>/<c>.pypirc</c> with auth). Values are masked in the evidence.
/// </summary>
internal sealed class Cis410SecretsControl : IControl, IDockerfileCheck
{
    private const long MaxFileSize = 256 * 1024;

    public string Id => "CIS-4.10";

    public string Title => "No secrets in the image";

    public bool Wants(string path, long size, int mode) => size <= MaxFileSize && IsCandidate(path);

    /// <summary>
    /// Files that hold credentials by convention. System trees that ship sample keys and test fixtures
    /// (usr/share, usr/lib, documentation) are left out to keep the signal clean.
    /// </summary>
    internal static bool IsCandidate(string path)
    {
        if (path.StartsWith("usr/share/", StringComparison.Ordinal) || path.StartsWith("usr/lib/", StringComparison.Ordinal)
            || path.StartsWith("proc/", StringComparison.Ordinal) || path.Contains("/node_modules/", StringComparison.Ordinal))
            return false;
        var name = path.AsSpan(path.LastIndexOf('/') + 1); // asked of every tar entry: no new string (issue 17)
        return name is "id_rsa" or "id_dsa" or "id_ecdsa" or "id_ed25519" or ".env" or ".npmrc" or ".pypirc" or ".netrc"
                   or ".git-credentials" or "credentials" or ".dockercfg" or "secrets.yaml" or "secrets.yml" or "secrets.json"
               || name.EndsWith(".pem", StringComparison.Ordinal) || name.EndsWith(".key", StringComparison.Ordinal)
               || name.EndsWith(".env", StringComparison.Ordinal)
               || path.EndsWith(".docker/config.json", StringComparison.Ordinal) || path.EndsWith(".aws/credentials", StringComparison.Ordinal);
    }

    public ControlResult Evaluate(ControlContext context)
    {
        var allow = context.Policy.SecretAllowList;
        var allowedRules = allow.Where(a => SecretRules.All.Any(r => r.Id == a)).ToHashSet();
        var allowedPaths = allow.Except(allowedRules).Select(p => Glob.Compile(p.TrimStart('/'))).ToList();
        var evidence = new List<Evidence>();

        foreach (var env in context.Config.Config?.Env ?? [])
        {
            var eq = env.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? env : env[..eq];
            foreach (var m in SecretScanner.Scan(env, allowedRules))
                evidence.Add(new Evidence { Message = $"ENV {name}: {m.Title} ({m.Masked})", HistoryIndex = context.History.LastOrDefault(h => h.Keyword == "ENV" && h.Instruction.Contains(name, StringComparison.Ordinal))?.Index });
        }
        foreach (var (key, value) in (context.Config.Config?.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            foreach (var m in SecretScanner.Scan(key + "=" + value, allowedRules))
                evidence.Add(new Evidence { Message = $"LABEL {key}: {m.Title} ({m.Masked})" });
        }
        foreach (var step in context.History.Where(h => h.Keyword is "RUN" or "ARG"))
        {
            foreach (var m in SecretScanner.Scan(step.CreatedBy, allowedRules))
                evidence.Add(new Evidence { Message = $"history step {step.Index} ({step.Keyword}): {m.Title} ({m.Masked})", HistoryIndex = step.Index, LayerIndex = step.LayerIndex });
        }
        foreach (var entry in context.FileSystem.Entries)
        {
            if (!IsCandidate(entry.Path) || !context.FileSystem.HasContent(entry.Path) || allowedPaths.Any(r => r.IsMatch(entry.Path))) continue;
            string text;
            using (var reader = new StreamReader(context.FileSystem.OpenRead(entry.Path), Encoding.UTF8)) text = reader.ReadToEnd();
            foreach (var m in SecretScanner.Scan(text, allowedRules))
                evidence.Add(new Evidence { Message = $"/{entry.Path}:{m.Line}: {m.Title} ({m.Masked})", Path = entry.Path, LayerIndex = entry.LayerIndex, HistoryIndex = context.History.FirstOrDefault(h => h.LayerIndex == entry.LayerIndex)?.Index });
        }
        return ControlResults.FromEvidence(this, context, Severity.Critical, evidence,
            "No secret found in ENV, labels, history or credential files.",
            $"{evidence.Count} secret(s) found (values masked).");
    }

    /// <summary>Secrets in ENV, ARG, RUN and LABEL arguments, masked.</summary>
    public ControlResult EvaluateDockerfile(DockerfileContext context)
    {
        var allowed = context.Policy.SecretAllowList.ToHashSet(StringComparer.Ordinal);
        var evidence = context.Instructions.Where(i => i.Keyword is "ENV" or "ARG" or "RUN" or "LABEL")
            .SelectMany(i => SecretScanner.Scan(i.Arguments, allowed).Select(m => DockerfileContext.At(i, $"{i.Keyword}: {m.Title} ({m.Masked})")))
            .ToList();
        return ControlResults.FromEvidence(this, context, Severity.Critical, evidence,
            "No secret in ENV, ARG or RUN.", $"{evidence.Count} secret(s) found (values masked).");
    }
}
