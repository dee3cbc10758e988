using System.Text;
using Drydock.Controls;
using Drydock.Model;
using Drydock.Scanning;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>
/// The human table: image header, vulnerabilities grouped by target (the file a package was read from) then
/// package, the controls with their evidence, and a one-line summary (counts by severity, fixable vs unfixed, gate
/// verdict and why). Severities are coloured with ANSI codes only when the caller asks (<paramref name="colour"/>,
/// decided by the CLI from whether stdout is a terminal); the writer never looks at the console.
/// </summary>
internal sealed class TableReportWriter(bool colour) : IReportWriter
{
    private static readonly string[] FindingHeader = ["PACKAGE", "INSTALLED", "FIXED", "VULNERABILITY", "SEVERITY", "STATUS"];
    private static readonly string[] ControlHeader = ["CONTROL", "RESULT", "SEVERITY", "TITLE"];

    public string Format => "table";

    public async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken)
    {
        var model = new ReportModel(report);
        var sb = new StringBuilder();
        var image = report.Image;
        var os = report.Inventory.Os;
        sb.Append("Image:     ").Append(image.Reference ?? image.Target).Append('\n');
        sb.Append("Digest:    ").Append(image.ManifestDigest ?? image.Id).Append('\n');
        sb.Append("Platform:  ").Append(image.Platform).Append('\n');
        sb.Append("OS:        ").Append(os.PrettyName ?? $"{os.Family} {os.Version}".Trim()).Append('\n');
        sb.Append("Packages:  ").Append(model.Packages.Count).Append('\n');
        if (report.Freshness is { } fresh) sb.Append("Freshness: ").Append(ReportText.Freshness(fresh)).Append('\n');
        if (report.Gate?.IgnoreFile is { } ignoreFile) sb.Append("Waivers:   read from ").Append(ignoreFile).Append('\n');
        sb.Append("Generated: ").Append(ReportText.Time(report.GeneratedAt)).Append(" by ").Append(ToolInfo.Name).Append(' ').Append(report.ToolVersion).Append('\n');

        sb.Append("\nVulnerabilities\n");
        if (model.Findings.Count == 0) sb.Append("  none found\n");
        foreach (var target in model.Findings.GroupBy(f => model.PackageOf(f)?.Package.FoundIn ?? "(not in inventory)").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append('\n').Append(target.Key).Append('\n');
            var rows = new List<string[]> { FindingHeader };
            foreach (var package in target.GroupBy(f => f.PackageName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = true;
                foreach (var f in package)
                {
                    var status = ReportText.StatusText(f);
                    rows.Add([first ? f.PackageName : "", f.InstalledVersion, f.FixedVersion ?? "-", f.VulnerabilityId, ReportText.Upper(f.Severity), status]);
                    first = false;
                }
            }
            AppendRows(sb, rows, severityColumn: 4);
        }

        sb.Append("\nControls\n");
        if (model.Controls.Count == 0) sb.Append("  none evaluated\n");
        else
        {
            var rows = new List<string[]> { ControlHeader };
            rows.AddRange(model.Controls.Select(c => new[] { c.Id, c.Outcome.ToString().ToUpperInvariant(), ReportText.Upper(c.Severity), c.Title }));
            var widths = Widths(rows);
            AppendRow(sb, rows[0], widths, -1);
            foreach (var (c, i) in model.Controls.Select((c, i) => (c, i)))
            {
                AppendRow(sb, rows[i + 1], widths, 2);
                sb.Append("      ").Append(c.Summary).Append('\n');
                foreach (var e in c.Evidence) sb.Append("      - ").Append(JUnitReportWriter.Describe(e)).Append('\n');
            }
        }

        AppendCoverage(sb, report.Coverage);
        foreach (var warning in report.Warnings) sb.Append("\nWarning: ").Append(warning);
        if (report.Warnings.Count > 0) sb.Append('\n');
        sb.Append('\n').Append(Summary(model)).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        await output.WriteAsync(bytes, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>What the scan covered: one line per OS and ecosystem, then each gap (inventory warnings among them).</summary>
    private static void AppendCoverage(StringBuilder sb, ScanCoverage coverage)
    {
        if (coverage.Targets.Count == 0 && coverage.Gaps.Count == 0) return;
        sb.Append("\nCoverage").Append(coverage.Complete ? "" : " (incomplete)").Append('\n');
        foreach (var t in coverage.Targets) sb.Append("  ").Append(JsonCoverageSection.Describe(t)).Append('\n');
        foreach (var g in coverage.Gaps.Where(g => g.Kind != "not-covered")) sb.Append("  gap: ").Append(g.Message).Append('\n');
    }

    /// <summary>The one-line summary: <c>Summary: 9 vulnerabilities (CRITICAL 1, …); 4 fixable, 5 unfixed; controls …; gate FAILED: …</c>.</summary>
    internal static string Summary(ReportModel model)
    {
        var findings = model.Report.Findings;
        var counts = string.Join(", ", ReportText.SeverityOrder.Select(s => $"{ReportText.Upper(s)} {model.Count(s)}"));
        var controls = model.Controls.Count == 0
            ? "no controls"
            : $"controls {model.Controls.Count(c => c.Outcome == ControlOutcome.Fail)} failed, {model.Controls.Count(c => c.Outcome == ControlOutcome.Pass)} passed, {model.Controls.Count(c => c.Outcome == ControlOutcome.Skip)} skipped";
        var gate = ReportText.Verdict(model.Report.Gate) is { } v ? "gate " + v : "no gate";
        return $"Summary: {findings.Count} vulnerabilities ({counts}); {findings.Count(f => f.IsFixable)} fixable, {findings.Count(f => !f.IsFixable)} unfixed, {findings.Count(f => f.Suppression is not null)} suppressed; {controls}; {gate}";
    }

    private void AppendRows(StringBuilder sb, List<string[]> rows, int severityColumn)
    {
        var widths = Widths(rows);
        for (var i = 0; i < rows.Count; i++) AppendRow(sb, rows[i], widths, i == 0 ? -1 : severityColumn);
    }

    private static int[] Widths(List<string[]> rows) =>
        Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();

    private void AppendRow(StringBuilder sb, string[] row, int[] widths, int severityColumn)
    {
        sb.Append("  ");
        for (var c = 0; c < row.Length; c++)
        {
            var last = c == row.Length - 1;
            var cell = last ? row[c] : row[c].PadRight(widths[c]);
            sb.Append(c == severityColumn && colour ? Colour(row[c], cell) : cell);
            if (!last) sb.Append("  ");
        }
        sb.Append('\n');
    }

    // SGR codes (ECMA-48): bold red, red, yellow, blue; the padding stays outside the colour so columns line up.
    private static string Colour(string severity, string padded)
    {
        var code = Enum.TryParse<Severity>(severity, ignoreCase: true, out var s) ? s switch
        {
            Severity.Critical => "1;31",
            Severity.High => "31",
            Severity.Medium => "33",
            Severity.Low => "34",
            _ => null,
        } : null;
        return code is null ? padded : $"\u001b[{code}m{severity}\u001b[0m{padded[severity.Length..]}";
    }
}
