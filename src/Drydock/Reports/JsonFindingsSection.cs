using System.Text.Json;
using Drydock.Controls;

namespace Drydock.Reports;

/// <summary>The <c>findings</c>, <c>controls</c> and <c>summary</c> of the JSON report.</summary>
internal static class JsonFindingsSection
{
    public static void WriteFindings(Utf8JsonWriter w, ReportModel model)
    {
        w.WriteStartArray("findings");
        foreach (var f in model.Findings)
        {
            w.WriteStartObject();
            w.WriteString("vulnerabilityId", f.VulnerabilityId);
            w.WriteStrings("aliases", f.Aliases.Order(StringComparer.Ordinal));
            w.WriteString("packagePurl", f.PackagePurl);
            w.WriteString("packageName", f.PackageName);
            w.WriteString("installedVersion", f.InstalledVersion);
            JsonImageSection.WriteNullable(w, "fixedVersion", f.FixedVersion);
            w.WriteString("status", ReportText.Status(f.Status));
            JsonImageSection.WriteNullable(w, "statusDetail", f.StatusDetail);
            w.WriteBoolean("fixable", f.IsFixable);
            w.WriteString("severity", ReportText.Upper(f.Severity));
            JsonImageSection.WriteNullable(w, "severitySource", f.SeveritySource);
            w.WriteStartArray("cvss");
            foreach (var c in f.Cvss.OrderBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => c.Version, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("source", c.Source);
                w.WriteString("version", c.Version);
                w.WriteString("vector", c.Vector);
                if (c.BaseScore is { } s) w.WriteNumber("baseScore", s);
                else w.WriteNull("baseScore");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            JsonImageSection.WriteNullable(w, "title", f.Title);
            JsonImageSection.WriteNullable(w, "description", f.Description);
            w.WriteStrings("references", f.References);
            JsonImageSection.WriteNullable(w, "published", f.Published is { } p ? ReportText.Time(p) : null);
            JsonImageSection.WriteNullable(w, "modified", f.Modified is { } m ? ReportText.Time(m) : null);
            w.WriteString("dataSource", f.DataSource);
            w.WriteNumber("layerIndex", f.LayerIndex);
            if (f.Suppression is { } sup)
            {
                w.WriteStartObject("suppression");
                w.WriteString("kind", sup.Kind);
                w.WriteString("reason", sup.Reason);
                JsonImageSection.WriteNullable(w, "owner", sup.Owner);
                JsonImageSection.WriteNullable(w, "expires", sup.Expires?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                JsonImageSection.WriteNullable(w, "justification", sup.Justification);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("suppression");
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteControls(Utf8JsonWriter w, ReportModel model)
    {
        w.WriteStartArray("controls");
        foreach (var c in model.Controls)
        {
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            w.WriteString("title", c.Title);
            w.WriteString("outcome", ReportText.Outcome(c.Outcome));
            w.WriteString("severity", ReportText.Upper(c.Severity));
            w.WriteString("summary", c.Summary);
            w.WriteStartArray("evidence");
            foreach (var e in c.Evidence)
            {
                w.WriteStartObject();
                w.WriteString("message", e.Message);
                JsonImageSection.WriteNullable(w, "path", e.Path);
                JsonImageSection.WriteNullable(w, "layerIndex", e.LayerIndex);
                JsonImageSection.WriteNullable(w, "historyIndex", e.HistoryIndex);
                JsonImageSection.WriteNullable(w, "line", e.Line);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Counts a reader would otherwise compute: findings by severity, fixable, controls by outcome.</summary>
    public static void WriteSummary(Utf8JsonWriter w, ReportModel model)
    {
        var findings = model.Report.Findings;
        w.WriteStartObject("summary");
        w.WriteNumber("packages", model.Packages.Count);
        w.WriteNumber("findings", findings.Count);
        w.WriteStartObject("bySeverity");
        foreach (var s in ReportText.SeverityOrder) w.WriteNumber(ReportText.Upper(s), model.Count(s));
        w.WriteEndObject();
        w.WriteNumber("fixable", findings.Count(f => f.IsFixable));
        w.WriteNumber("unfixed", findings.Count(f => !f.IsFixable));
        w.WriteNumber("suppressed", findings.Count(f => f.Suppression is not null));
        w.WriteStartObject("controls");
        foreach (var o in new[] { ControlOutcome.Pass, ControlOutcome.Fail, ControlOutcome.Skip })
            w.WriteNumber(ReportText.Outcome(o), model.Controls.Count(c => c.Outcome == o));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
