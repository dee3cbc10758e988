using System.Text.Json;
using Drydock.Hosts.Audit;
using Drydock.Model;

namespace Drydock.Reports;

/// <summary>
/// A <see cref="HostAuditReport"/> as SARIF 2.1.0 (OASIS sarif-v2.1.0-os), with the image report's conventions
/// (<see cref="SarifReportWriter"/>): one run, one rule per check that failed somewhere, one result per failed check.
/// Daemon findings (CIS-4.2 insecure registries, CIS-4.5, DRYDOCK-ENGINE-EOL) are located at the host, container
/// verdicts (DRYDOCK-STALE, DRYDOCK-MAX-AGE, CIS-4.2 base trust, DRYDOCK-REBUILD, DRYDOCK-DANGLING) and
/// DRYDOCK-VULNERABLE (an image with vulnerabilities) at <c>HOST/CONTAINER</c> (an image no container runs at
/// <c>HOST/IMAGE-ID</c>), as a percent-encoded relative URI and a logical location. Passed and unknown checks are not
/// results; unreachable hosts and failed vulnerability scans are tool execution notifications.
/// </summary>
public static class HostAuditSarifWriter
{
    public const string VulnerableId = "DRYDOCK-VULNERABLE";

    private sealed record Result(string RuleId, Severity Severity, string Message, string Host, string? Container, string? Image);

    public static void Write(HostAuditReport report, Stream output)
    {
        var results = Results(report);
        var rules = results.Select(r => r.RuleId).Distinct(StringComparer.Ordinal).Order(ControlIdComparer.Instance)
            .Select(id => Rule(id, results.Where(r => r.RuleId == id).Max(r => r.Severity))).ToList();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        using var w = ReportJson.Create(output);
        SarifRules.WriteRunStart(w, ToolInfo.Version, rules);
        w.WriteStartArray("results");
        foreach (var r in results) WriteResult(w, r, index[r.RuleId]);
        w.WriteEndArray();
        WriteInvocation(w, report);
        w.WriteStartObject("properties");
        w.WriteString("generatedAt", ReportText.Time(report.GeneratedAt));
        w.WriteStrings("hosts", report.Hosts.Select(h => h.Host));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>Host findings first (host order), then per container its verdicts and vulnerabilities, then images no container runs.</summary>
    private static List<Result> Results(HostAuditReport report)
    {
        var list = new List<Result>();
        foreach (var h in report.Hosts)
        {
            foreach (var f in h.Findings.Where(f => f.Outcome == AuditVerdicts.Fail))
                list.Add(new(f.Id, SeverityOf(f.Id), $"Engine {h.Host}: {f.Reason}.", h.Host, null, null));
        }
        foreach (var c in report.Containers)
        {
            foreach (var v in c.Verdicts.Where(v => v.Outcome == AuditVerdicts.Fail))
                list.Add(new(v.Id, SeverityOf(v.Id), $"Container {c.Name} ({c.Image}) on {c.Host}: {v.Reason}.", c.Host, c.Name, c.ImageId));
            if (Vulnerable(c.Vulnerabilities) is { } worst)
                list.Add(new(VulnerableId, worst, $"Container {c.Name} on {c.Host} runs {c.Image} ({c.ImageId}) with {Counts(c.Vulnerabilities!)}.", c.Host, c.Name, c.ImageId));
        }
        foreach (var i in report.Images.Where(i => i.Containers.Count == 0))
        {
            if (Vulnerable(i.Vulnerabilities) is { } worst)
                list.Add(new(VulnerableId, worst, $"Image {i.Id} on {i.Host} ({Names(i.RepoTags)}), run by no container, has {Counts(i.Vulnerabilities!)}.", i.Host, null, i.Id));
        }
        return list;
    }

    private static Severity? Vulnerable(ImageVulnerabilities? v) => v switch
    {
        null or { Total: 0 } => null,
        { Critical: > 0 } => Severity.Critical,
        { High: > 0 } => Severity.High,
        { Medium: > 0 } => Severity.Medium,
        { Low: > 0 } => Severity.Low,
        _ => Severity.Unknown,
    };

    private static string Counts(ImageVulnerabilities v) =>
        $"{v.Total} vulnerabilities (critical {v.Critical}, high {v.High}, medium {v.Medium}, low {v.Low}, unknown {v.Unknown})";

    private static string Names(IReadOnlyList<string> tags) => tags.Count == 0 ? "untagged" : string.Join(", ", tags);

    /// <summary>The weight of each check: a daemon that pulls insecurely or is past its end of life is High, as an untrusted base is.</summary>
    private static Severity SeverityOf(string id) => id switch
    {
        "CIS-4.2" or "CIS-4.5" or EngineFindings.EndOfLifeId => Severity.High,
        "DRYDOCK-STALE" or "DRYDOCK-MAX-AGE" or "DRYDOCK-REBUILD" => Severity.Medium,
        _ => Severity.Low,
    };

    private static SarifRules.Rule Rule(string id, Severity severity)
    {
        var (title, full) = id switch
        {
            "CIS-4.2" => ("Use trusted base images and pull them over a secure channel",
                "CIS Docker Benchmark 4.2: a container's base image is trusted (catalogue or policy), and the engine declares no insecure registry, CIDR or plain-HTTP mirror beyond loopback."),
            "CIS-4.5" => ("Content trust for Docker",
                "CIS Docker Benchmark 4.5: images the policy's contentTrust rules cover must be verified, and the engine does not enforce Docker Content Trust on pull."),
            EngineFindings.EndOfLifeId => ("Docker Engine release still maintained", "The engine's release branch has not reached its end of life (Drydock's dated Docker Engine table)."),
            "DRYDOCK-STALE" => ("Container runs the latest image of its tag", "The image tag a container was started from now names a newer image: pull and recreate (drydock host update)."),
            "DRYDOCK-MAX-AGE" => ("Image within the age limit", "The image a container runs is older than --max-age days."),
            "DRYDOCK-REBUILD" => ("Base image unchanged", "The base image's tag moved on since the image was built: rebuild it."),
            "DRYDOCK-DANGLING" => ("Image still tagged", "No tag refers to the image this container runs any more."),
            VulnerableId => ("Image without known vulnerabilities", "The image has known vulnerabilities in Drydock's database; 'drydock image docker:ID' lists them."),
            _ => (id, id),
        };
        return new SarifRules.Rule(id, id, title, full, null, ReportText.SeverityScore(severity), severity, id.StartsWith("CIS-", StringComparison.Ordinal) ? "cis" : "host");
    }

    private static void WriteResult(Utf8JsonWriter w, Result r, int ruleIndex)
    {
        var path = r.Container ?? r.Image;
        var name = path is null ? r.Host : $"{r.Host}/{path}";
        w.WriteStartObject();
        w.WriteString("ruleId", r.RuleId);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", SarifRules.Level(r.Severity));
        w.WriteStartObject("message");
        w.WriteString("text", r.Message);
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", SarifRules.Uri(r.Host) + (path is null ? "" : "/" + SarifRules.Uri(path)));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("name", path ?? r.Host);
        w.WriteString("fullyQualifiedName", name);
        w.WriteString("kind", r.Container is not null ? "container" : r.Image is not null ? "image" : "host");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        w.WriteString("drydockFindingHash/v1", ReportModel.ShortHash($"{r.RuleId}|{name}"));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("host", r.Host);
        w.WriteStringIfNotNull("container", r.Container);
        w.WriteStringIfNotNull("imageId", r.Image);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>SARIF §3.20: what the audit could not do (a host it could not reach, an image it could not scan) is a notification; the run completed.</summary>
    private static void WriteInvocation(Utf8JsonWriter w, HostAuditReport report)
    {
        var notes = report.Hosts.Where(h => h.Error is not null).Select(h => ("host-unreachable", $"{h.Host}: {h.Error}"))
            .Concat(report.FailedScans().Select(f => ("vulnerability-scan-failed", f)));
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", report.Hosts.Count == 0 || report.Hosts.Any(h => h.Error is null));
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var (kind, text) in notes)
        {
            w.WriteStartObject();
            w.WriteString("level", "error");
            w.WriteStartObject("message");
            w.WriteString("text", text);
            w.WriteEndObject();
            w.WriteStartObject("descriptor");
            w.WriteString("id", kind);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }
}
