using System.Text;
using System.Text.Json;
using Drydock.Controls;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>The SARIF reportingDescriptors (rules) of a report, and the small mappings results share with them.</summary>
internal static class SarifRules
{
    internal sealed record Rule(string Id, string Name, string Short, string Full, string? HelpUri, double Score, Severity Severity, string Tag);

    /// <summary>Vulnerability rules sorted by id, then control rules in benchmark order; each from its first (most severe) finding.</summary>
    public static List<Rule> Build(IReadOnlyList<Finding> findings, IReadOnlyList<ControlResult> failedControls)
    {
        var rules = findings
            .GroupBy(f => f.VulnerabilityId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var f = g.First();
                var score = g.Select(ReportText.MaxScore).Max() ?? ReportText.SeverityScore(f.Severity);
                var help = f.References.FirstOrDefault(r => r.StartsWith("https://", StringComparison.Ordinal));
                return new Rule(g.Key, g.Key, f.Title ?? $"{g.Key} in {f.PackageName}", f.Description ?? f.Title ?? g.Key, help, score, f.Severity, "vulnerability");
            })
            .ToList();
        rules.AddRange(failedControls.Select(c => new Rule(c.Id, c.Id, c.Title, c.Summary, null, ReportText.SeverityScore(c.Severity), c.Severity, "cis")));
        return rules;
    }

    /// <summary>Opens the log and its one run, and writes the tool with its rules; the caller writes results and closes both.</summary>
    public static void WriteRunStart(Utf8JsonWriter w, string toolVersion, IEnumerable<Rule> rules)
    {
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", toolVersion);
        w.WriteStartArray("rules");
        foreach (var rule in rules) Write(w, rule);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, Rule rule)
    {
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", rule.Name);
        w.WriteStartObject("shortDescription");
        w.WriteString("text", rule.Short);
        w.WriteEndObject();
        w.WriteStartObject("fullDescription");
        w.WriteString("text", rule.Full);
        w.WriteEndObject();
        w.WriteStringIfNotNull("helpUri", rule.HelpUri);
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", Level(rule.Severity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("security-severity", ReportText.Number(rule.Score));
        w.WriteStrings("tags", ["security", rule.Tag, ReportText.Upper(rule.Severity)]);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>CRITICAL and HIGH are errors, MEDIUM warnings, the rest notes.</summary>
    public static string Level(Severity s) => s switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>
    /// A relative URI reference for a path or image name (SARIF §3.10 artifactLocation.uri is a URI reference):
    /// characters outside RFC 3986's unreserved set and '/' are percent-encoded, so ':' in a tag cannot read as a scheme.
    /// </summary>
    public static string Uri(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
