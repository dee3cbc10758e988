using System.Text.Json;
using Drydock.Controls;
using Drydock.Scanning;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>
/// SARIF 2.1.0 (OASIS sarif-v2.1.0-os) for code-scanning UIs: one run, one rule per vulnerability id and per failed
/// control, one result per finding and per failed control. Every result has a location (code-scanning UIs drop those
/// without): the file the package was read from, or the image. A Dockerfile control gives one result per piece of
/// evidence at its instruction's lines (region startLine/endLine), under the control's id. <c>security-severity</c> is the highest CVSS score,
/// else a number in the severity's band; partialFingerprints are hashes of rule, package and path, stable across runs.
/// </summary>
internal sealed class SarifReportWriter : IReportWriter
{
    public string Format => "sarif";

    public async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken)
    {
        var model = new ReportModel(report);
        var failed = model.Controls.Where(c => c.Outcome == ControlOutcome.Fail).ToList();
        var rules = SarifRules.Build(model.Findings, failed);
        var imageUri = SarifRules.Uri(report.Image.Reference ?? report.Image.Target);

        await using var w = ReportJson.Create(output);
        SarifRules.WriteRunStart(w, report.ToolVersion, rules);

        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        w.WriteStartArray("results");
        foreach (var f in model.Findings)
        {
            var uri = model.PackageOf(f) is { } e ? SarifRules.Uri(e.Package.FoundIn) : imageUri;
            var fix = f.FixedVersion is null ? $"no fix available ({ReportText.Status(f.Status)})" : $"fixed in {f.FixedVersion}";
            WriteResult(w, f.VulnerabilityId, index[f.VulnerabilityId], SarifRules.Level(f.Severity),
                $"Package {f.PackageName}@{f.InstalledVersion} is affected by {f.VulnerabilityId} ({ReportText.Upper(f.Severity)}); {fix}.",
                uri, $"{f.VulnerabilityId}|{f.PackagePurl}|{uri}", f.Suppression);
        }
        var dockerfile = DockerfileUri(report);
        foreach (var c in failed)
        {
            var lined = c.Evidence.Where(e => e.Line is not null).ToList();
            if (dockerfile is not null && lined.Count > 0)
            {
                // Each instruction is its own annotation: code-scanning UIs show a result at its region only.
                foreach (var e in lined)
                    WriteResult(w, c.Id, index[c.Id], SarifRules.Level(c.Severity), $"{c.Title}: {e.Message}.", dockerfile,
                        $"{c.Id}|{dockerfile}|{e.Message}", region: (e.Line!.Value, e.EndLine));
                continue;
            }
            var path = c.Evidence.Select(e => e.Path).FirstOrDefault(p => p is not null);
            var uri = path is null ? imageUri : SarifRules.Uri(path.TrimStart('/'));
            var evidence = c.Evidence.Count == 0 ? "" : " Evidence: " + string.Join("; ", c.Evidence.Select(e => e.Message)) + ".";
            WriteResult(w, c.Id, index[c.Id], SarifRules.Level(c.Severity), c.Summary + evidence, uri, $"{c.Id}|{uri}");
        }
        w.WriteEndArray();
        WriteInvocation(w, report.Coverage);
        w.WriteString("columnKind", "utf16CodeUnits");
        w.WriteStartObject("properties");
        w.WriteString("imageTarget", report.Image.Target);
        w.WriteString("imageId", report.Image.Id);
        w.WriteString("generatedAt", ReportText.Time(report.GeneratedAt));
        w.WriteBoolean("coverageComplete", report.Coverage.Complete);
        w.WriteStrings("coverage", report.Coverage.Targets.Select(JsonCoverageSection.Describe));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        await ReportJson.FinishAsync(w, output, cancellationToken);
    }

    /// <summary>
    /// SARIF §3.20: each coverage gap is a tool execution notification (level warning) of the one invocation, so a
    /// code-scanning UI shows what the run could not check; the run itself completed.
    /// </summary>
    private static void WriteInvocation(Utf8JsonWriter w, ScanCoverage coverage)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var g in coverage.Gaps)
        {
            w.WriteStartObject();
            w.WriteString("level", "warning");
            w.WriteStartObject("message");
            w.WriteString("text", g.Message);
            w.WriteEndObject();
            w.WriteStartObject("descriptor");
            w.WriteString("id", "coverage/" + g.Kind);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    // DockerfileCommand names its target "dockerfile:PATH"; the PATH as given is what a repository's code scanning knows.
    private static string? DockerfileUri(ScanReport report)
    {
        if (!report.Image.Target.StartsWith(DockerfileTargetPrefix, StringComparison.Ordinal)) return null;
        var path = report.Image.Target[DockerfileTargetPrefix.Length..].Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
        return SarifRules.Uri(path);
    }

    /// <summary>The prefix of a <c>drydock dockerfile</c> report's target, before the Dockerfile's path.</summary>
    internal const string DockerfileTargetPrefix = "dockerfile:";

    private static void WriteResult(Utf8JsonWriter w, string ruleId, int ruleIndex, string level, string message, string uri, string fingerprint,
        Suppression? suppression = null, (int Start, int? End)? region = null)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", ruleId);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", level);
        w.WriteStartObject("message");
        w.WriteString("text", message);
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", uri);
        w.WriteEndObject();
        w.WriteStartObject("region");
        w.WriteNumber("startLine", region?.Start ?? 1);
        if (region?.End is { } end) w.WriteNumber("endLine", end);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        w.WriteString("drydockFindingHash/v1", ReportModel.ShortHash(fingerprint));
        w.WriteEndObject();
        // SARIF §3.35: a finding the gate does not count (waiver, VEX…) is an accepted external suppression, so
        // code-scanning UIs show it as dismissed rather than open.
        if (suppression is not null)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", CycloneDxAnalysis.Detail(suppression));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
