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
/// The image controls where a Dockerfile can show them, before anything is built: USER (4.1), FROM trust, tags and
/// pins (4.2), unnecessary packages installed (4.3), HEALTHCHECK (4.6), update alone (4.7), setuid chmod (4.8),
/// ADD (4.9), secrets in ENV/ARG/RUN (4.10), unverified installs (4.11). Content trust (4.5) and signed artifacts
/// (4.12) need the built image and are skipped with that reason. Evidence carries line numbers.
/// </summary>
public static partial class DockerfileAudit
{
    public static IReadOnlyList<ControlResult> Evaluate(IReadOnlyList<DockerfileInstruction> dockerfile, DrydockPolicy policy)
    {
        var finalStage = dockerfile.Count == 0 ? 0 : dockerfile.Max(i => i.Stage);
        var chain = StageChain(dockerfile, finalStage);
        var final = dockerfile.Where(i => chain.Contains(i.Stage)).ToList();
        var runs = dockerfile.Where(i => i.Keyword == "RUN").ToList();
        var results = new List<ControlResult>
        {
            User(final, dockerfile),
            From(dockerfile, policy),
            FromEvidence("CIS-4.3", "No unnecessary packages", Severity.Medium, runs.Where(r => chain.Contains(r.Stage)).SelectMany(r => Unnecessary(r, policy)).ToList(),
                "No RUN step of the final stage installs a package the policy calls unnecessary.", "installs unnecessary package(s)"),
            Skip("CIS-4.5", "Image is signed by a trusted key", Severity.High, "Signatures can only be checked on the built image (drydock image)."),
            Healthcheck(final, dockerfile),
            FromEvidence("CIS-4.7", "Update instructions are not used alone", Severity.Medium,
                runs.Where(r => Cis47UpdateAloneControl.IsUpdateAlone(r.Arguments)).Select(r => At(r, "RUN " + r.Arguments)).ToList(),
                "No RUN refreshes a package index without installing in the same step.", "update the package index alone"),
            FromEvidence("CIS-4.8", "No setuid/setgid files", Severity.Medium,
                runs.Where(r => SetuidChmod().IsMatch(r.Arguments)).Select(r => At(r, SetuidChmod().Match(r.Arguments).Value)).ToList(),
                "No RUN sets a setuid or setgid bit (the built image's files are checked by drydock image).", "set setuid/setgid bits"),
            Add(dockerfile),
            FromEvidence("CIS-4.10", "No secrets in the image", Severity.Critical, Secrets(dockerfile, policy),
                "No secret in ENV, ARG or RUN.", "secret(s) found (values masked)"),
            FromEvidence("CIS-4.11", "Only verified packages are installed", Severity.High,
                runs.Select(r => (r, what: Cis411VerifiedPackagesControl.UnverifiedInstall(r.Arguments))).Where(x => x.what is not null).Select(x => At(x.r, x.what!)).ToList(),
                "No RUN installs unverified packages.", "install(s) unverified packages"),
            Skip("CIS-4.12", "All signed artifacts validate", Severity.Medium, "Signatures can only be checked on the built image (drydock image)."),
        };
        return results
            .Where(r => policy.IsEnabled(r.Id))
            .Select(r => r with { Severity = policy.SeverityOf(r.Id, r.Severity) })
            .ToList();
    }

    /// <summary>The final stage and the stages it is built FROM (FROM &lt;stage name&gt;), so inherited USER/HEALTHCHECK count.</summary>
    private static HashSet<int> StageChain(IReadOnlyList<DockerfileInstruction> df, int stage)
    {
        var names = df.Where(i => i.Keyword == "FROM").Select(i => (i.Stage, Name: StageName(i))).Where(x => x.Name is not null).ToDictionary(x => x.Name!, x => x.Stage, StringComparer.OrdinalIgnoreCase);
        var chain = new HashSet<int>();
        while (chain.Add(stage))
        {
            var from = df.FirstOrDefault(i => i.Keyword == "FROM" && i.Stage == stage);
            if (from is null || !names.TryGetValue(BaseOf(from), out var parent)) break;
            stage = parent;
        }
        return chain;
    }

    private static ControlResult User(List<DockerfileInstruction> final, IReadOnlyList<DockerfileInstruction> all)
    {
        var user = final.LastOrDefault(i => i.Keyword == "USER");
        const string id = "CIS-4.1";
        const string title = "Run as a non-root user";
        if (user is null)
            return Fail(id, title, Severity.High, "The final stage sets no USER: the container runs as root unless its base sets one.", [At(final.FirstOrDefault() ?? all[0], "no USER instruction")]);
        var name = user.Arguments.Split(':', 2)[0].Trim();
        return name is "root" or "0" or ""
            ? Fail(id, title, Severity.High, $"USER {user.Arguments} runs as root.", [At(user, "USER " + user.Arguments)])
            : Pass(id, title, Severity.High, $"USER {user.Arguments} (line {user.Line}).");
    }

    private static ControlResult From(IReadOnlyList<DockerfileInstruction> df, DrydockPolicy policy)
    {
        var stageNames = df.Where(i => i.Keyword == "FROM").Select(StageName).Where(n => n is not null).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var evidence = new List<Evidence>();
        foreach (var from in df.Where(i => i.Keyword == "FROM"))
        {
            var image = BaseOf(from);
            if (stageNames.Contains(image) || image == "scratch") continue;
            if (image.Contains('$', StringComparison.Ordinal))
            {
                evidence.Add(At(from, $"FROM {image}: the base is chosen by a build argument and cannot be checked"));
                continue;
            }
            if (!ImageReference.TryParse(image, out var reference, out var error))
            {
                evidence.Add(At(from, $"FROM {image}: {error}"));
                continue;
            }
            var explicitTag = image.Contains('@', StringComparison.Ordinal) || image[(image.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal);
            if (reference.Digest is null && (!explicitTag || reference.Tag == "latest"))
                evidence.Add(At(from, $"FROM {image}: uses the 'latest' tag, so the base changes under you; pin a version tag or a digest"));
            if (policy.TrustedBases.Count > 0)
            {
                var (trusted, reason) = TrustedBaseMatcher.Evaluate(policy, reference.ToString(), reference.Digest?.ToString());
                if (!trusted) evidence.Add(At(from, $"FROM {image}: not trusted ({reason})"));
            }
        }
        return FromEvidence("CIS-4.2", "Only trusted base images", Severity.High, evidence,
            policy.TrustedBases.Count > 0 ? "Every FROM is a trusted base with a fixed tag or digest." : "Every FROM has a fixed tag or digest (the policy lists no trusted bases to check against).",
            "FROM problem(s)");
    }

    private static ControlResult Healthcheck(List<DockerfileInstruction> final, IReadOnlyList<DockerfileInstruction> all)
    {
        var hc = final.LastOrDefault(i => i.Keyword == "HEALTHCHECK");
        if (hc is null)
            return Fail("CIS-4.6", "HEALTHCHECK is defined", Severity.Low, "The final stage defines no HEALTHCHECK.", [At(final.FirstOrDefault() ?? all[0], "no HEALTHCHECK instruction")]);
        return hc.Arguments.Trim().Equals("NONE", StringComparison.OrdinalIgnoreCase)
            ? Fail("CIS-4.6", "HEALTHCHECK is defined", Severity.Low, "HEALTHCHECK NONE disables the health check.", [At(hc, "HEALTHCHECK NONE")])
            : Pass("CIS-4.6", "HEALTHCHECK is defined", Severity.Low, $"HEALTHCHECK at line {hc.Line}.");
    }

    private static ControlResult Add(IReadOnlyList<DockerfileInstruction> df)
    {
        var adds = df.Where(i => i.Keyword == "ADD").Select(i => (i, remote: RemoteSource().IsMatch(i.Arguments))).ToList();
        var evidence = adds.OrderByDescending(a => a.remote).ThenBy(a => a.i.Line).Select(a => At(a.i, (a.remote ? "remote URL: " : "") + "ADD " + a.i.Arguments)).ToList();
        return FromEvidence("CIS-4.9", "COPY is used instead of ADD", adds.Any(a => a.remote) ? Severity.High : Severity.Low, evidence,
            "No ADD instruction.", "ADD instruction(s) where COPY would do");
    }

    private static List<Evidence> Unnecessary(DockerfileInstruction run, DrydockPolicy policy)
    {
        var patterns = policy.UnnecessaryPackages.Select(p => Glob.ToRegex(p)).ToList();
        return InstallCommand().Matches(run.Arguments)
            .SelectMany(m => m.Groups["pkgs"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => !p.StartsWith('-'))
            .Select(p => p.Split('=', 2)[0])
            .Where(p => patterns.Any(r => r.IsMatch(p)))
            .Distinct(StringComparer.Ordinal)
            .Select(p => At(run, $"installs {p}"))
            .ToList();
    }

    private static List<Evidence> Secrets(IReadOnlyList<DockerfileInstruction> df, DrydockPolicy policy)
    {
        var allowed = policy.SecretAllowList.ToHashSet(StringComparer.Ordinal);
        return df.Where(i => i.Keyword is "ENV" or "ARG" or "RUN" or "LABEL")
            .SelectMany(i => SecretScanner.Scan(i.Arguments, allowed).Select(m => At(i, $"{i.Keyword}: {m.Title} ({m.Masked})")))
            .ToList();
    }

    private static string? StageName(DockerfileInstruction from)
    {
        var parts = from.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[^1] : null;
    }

    private static string BaseOf(DockerfileInstruction from) => from.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    private static Evidence At(DockerfileInstruction i, string message) => new() { Message = message, Line = i.Line, EndLine = i.EndLine > i.Line ? i.EndLine : null };

    private static ControlResult FromEvidence(string id, string title, Severity severity, IReadOnlyList<Evidence> evidence, string pass, string failNoun) =>
        evidence.Count == 0 ? Pass(id, title, severity, pass) : Fail(id, title, severity, $"{evidence.Count} {failNoun}.", evidence);

    private static ControlResult Pass(string id, string title, Severity severity, string summary) =>
        new() { Id = id, Title = title, Outcome = ControlOutcome.Pass, Severity = severity, Summary = summary };

    private static ControlResult Skip(string id, string title, Severity severity, string summary) =>
        new() { Id = id, Title = title, Outcome = ControlOutcome.Skip, Severity = severity, Summary = summary };

    private static ControlResult Fail(string id, string title, Severity severity, string summary, IReadOnlyList<Evidence> evidence) =>
        new() { Id = id, Title = title, Outcome = ControlOutcome.Fail, Severity = severity, Summary = summary, Evidence = evidence };

    [GeneratedRegex(@"chmod\s+(-\S+\s+)*([ugoa]*\+[rwxX]*s[rwxXst]*|[2467][0-7]{3})\b")]
    private static partial Regex SetuidChmod();

    [GeneratedRegex(@"\bhttps?://|\bgit@", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteSource();

    [GeneratedRegex(@"\b(?:apt-get|apt|apk|yum|dnf|microdnf|zypper)\s+(?:-\S+\s+)*(?:install|add|in)\s+(?<pkgs>[^;&|]*)")]
    private static partial Regex InstallCommand();
}
