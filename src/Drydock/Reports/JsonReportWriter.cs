using System.Text.Json;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>
/// The native JSON report: everything the run knows, with a top-level <c>schemaVersion</c>. Every field is described
/// in docs/report-schema.md; additive changes keep the version, a renamed or removed field bumps it.
/// </summary>
internal sealed class JsonReportWriter : IReportWriter
{
    public string Format => "json";

    public async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken)
    {
        var model = new ReportModel(report);
        await using var w = ReportJson.Create(output);
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", report.SchemaVersion);
        w.WriteStartObject("tool");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", report.ToolVersion);
        w.WriteEndObject();
        w.WriteString("generatedAt", ReportText.Time(report.GeneratedAt));
        JsonImageSection.Write(w, report.Image);
        JsonInventorySection.Write(w, model);
        JsonFindingsSection.WriteFindings(w, model);
        JsonFindingsSection.WriteControls(w, model);
        WriteDatabase(w, report.Database);
        WriteGate(w, report.Gate);
        JsonFreshnessSection.Write(w, report.Freshness, report.GeneratedAt);
        JsonCoverageSection.Write(w, report.Coverage);
        JsonFindingsSection.WriteSummary(w, model);
        w.WriteStrings("warnings", report.Warnings);
        w.WriteEndObject();
        await ReportJson.FinishAsync(w, output, cancellationToken);
    }

    private static void WriteDatabase(Utf8JsonWriter w, DatabaseSummary? db)
    {
        if (db is null)
        {
            w.WriteNull("database");
            return;
        }
        w.WriteStartObject("database");
        w.WriteNumber("schemaVersion", db.SchemaVersion);
        w.WriteString("builtAt", ReportText.Time(db.BuiltAt));
        w.WriteStrings("feeds", db.Feeds.Order(StringComparer.Ordinal));
        w.WriteEndObject();
    }

    private static void WriteGate(Utf8JsonWriter w, GateResult? gate)
    {
        if (gate is null)
        {
            w.WriteNull("gate");
            return;
        }
        w.WriteStartObject("gate");
        w.WriteBoolean("passed", gate.Passed);
        w.WriteNumber("exitCode", gate.ExitCode);
        w.WriteStrings("reasons", gate.Reasons);
        JsonImageSection.WriteNullable(w, "ignoreFile", gate.IgnoreFile);
        w.WriteEndObject();
    }
}
