using System.Globalization;
using System.Net;
using System.Text;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Scanning;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>
/// One self-contained HTML page (inline CSS and script, a CSP that forbids every fetch): summary cards, a severity
/// chart in inline SVG, a sortable and filterable findings table, the controls with evidence, and the layers with
/// the packages each introduced. Every piece of text from the image is HTML-encoded: package names and advisory
/// texts are hostile input.
/// </summary>
internal sealed class HtmlReportWriter : IReportWriter
{
    public string Format => "html";

    public async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken)
    {
        var model = new ReportModel(report);
        var image = report.Image;
        var name = image.Reference ?? image.Target;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<title>Drydock report: ").Append(E(name)).Append("</title>\n<style>\n").Append(HtmlAssets.Css).Append("\n</style>\n</head>\n<body>\n")
         .Append("<header><h1>Drydock image report</h1><p>").Append(E(name)).Append(" &middot; ").Append(E(image.ManifestDigest ?? image.Id))
         .Append(" &middot; generated ").Append(E(ReportText.Time(report.GeneratedAt))).Append(" by ").Append(E(ToolInfo.Name + " " + report.ToolVersion)).Append("</p></header>\n<main>\n");
        AppendCards(h, model);
        AppendChart(h, model);
        HtmlTables.AppendFindings(h, model);
        HtmlTables.AppendControls(h, model);
        HtmlTables.AppendLayers(h, model);
        var coverage = report.Coverage;
        if (coverage.Targets.Count + coverage.Gaps.Count > 0)
        {
            h.Append("<section id=\"coverage\"><h2>Coverage").Append(coverage.Complete ? "" : " (incomplete)").Append("</h2><ul>");
            foreach (var t in coverage.Targets) h.Append("<li>").Append(E(JsonCoverageSection.Describe(t))).Append("</li>");
            foreach (var g in coverage.Gaps.Where(g => g.Kind != "not-covered")) h.Append("<li>gap: ").Append(E(g.Message)).Append("</li>");
            h.Append("</ul></section>\n");
        }
        if (report.Warnings.Count > 0)
        {
            h.Append("<section id=\"warnings\"><h2>Warnings</h2><ul>");
            foreach (var w in report.Warnings) h.Append("<li>").Append(E(w)).Append("</li>");
            h.Append("</ul></section>\n");
        }
        h.Append("</main>\n<footer>").Append(E(TableReportWriter.Summary(model))).Append("</footer>\n<script>\n").Append(HtmlAssets.Js).Append("\n</script>\n</body>\n</html>\n");
        await output.WriteAsync(Encoding.UTF8.GetBytes(h.ToString()), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>HTML-encodes text for element content and quoted attribute values (&lt; &gt; &amp; " ').</summary>
    internal static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    internal static string SeverityBadge(Severity s) => $"<span class=\"sev sev-{ReportText.Lower(s)}\">{ReportText.Upper(s)}</span>";

    private static void AppendCards(StringBuilder h, ReportModel model)
    {
        var report = model.Report;
        var os = report.Inventory.Os;
        h.Append("<section class=\"cards\" id=\"summary\">\n");
        Card(h, "card-image", "Image", report.Image.Reference ?? report.Image.Target, $"{report.Image.Platform} · {report.Image.ManifestDigest ?? report.Image.Id}");
        Card(h, "card-os", "Operating system", os.PrettyName ?? $"{os.Family} {os.Version}".Trim(),
            (os.Source is null ? "" : "from " + os.Source) + (report.Image.BaseImage is { } b ? $" · base {b.Reference} ({(b.Trusted ? "trusted" : "not trusted")})" : ""));
        Card(h, "card-packages", "Packages", model.Packages.Count.ToString(CultureInfo.InvariantCulture),
            $"{model.Packages.Count(p => p.Package.Type.IsOsPackage())} OS, {model.Packages.Count(p => !p.Package.Type.IsOsPackage())} language");
        if (report.Freshness is { } fresh)
            Card(h, "card-freshness", "Freshness", fresh.Stale switch { true => "stale", false => "current", null => "unknown" }, ReportText.Freshness(fresh));
        h.Append("<div class=\"card\" id=\"card-findings\"><h3>Findings</h3><p class=\"big\">").Append(report.Findings.Count)
         .Append("</p><p class=\"small\">").Append(report.Findings.Count(f => f.IsFixable)).Append(" fixable, ")
         .Append(report.Findings.Count(f => !f.IsFixable)).Append(" unfixed, ")
         .Append(report.Findings.Count(f => f.Suppression is not null)).Append(" suppressed</p><div class=\"sevcounts\">");
        foreach (var s in ReportText.SeverityOrder)
            h.Append("<span class=\"sev sev-").Append(ReportText.Lower(s)).Append("\">").Append(ReportText.Upper(s)).Append(' ').Append(model.Count(s)).Append("</span>");
        h.Append("</div></div>\n");
        if (report.Gate is { } gate)
        {
            h.Append("<div class=\"card ").Append(gate.Passed ? "gate-pass" : "gate-fail").Append("\" id=\"card-gate\"><h3>Gate</h3><p class=\"big\">")
             .Append(gate.Passed ? "PASSED" : "FAILED").Append("</p><p class=\"small\">exit code ").Append(gate.ExitCode).Append("</p>");
            if (gate.Reasons.Count > 0)
            {
                h.Append("<ul>");
                foreach (var r in gate.Reasons) h.Append("<li>").Append(E(r)).Append("</li>");
                h.Append("</ul>");
            }
            h.Append("</div>\n");
        }
        else
        {
            Card(h, "card-gate", "Gate", "not evaluated", null);
        }
        h.Append("</section>\n");
    }

    private static void Card(StringBuilder h, string id, string title, string big, string? small)
    {
        h.Append("<div class=\"card\" id=\"").Append(id).Append("\"><h3>").Append(E(title)).Append("</h3><p class=\"big").Append(big.All(char.IsAsciiDigit) ? "" : " text").Append("\">").Append(E(big)).Append("</p>");
        if (!string.IsNullOrEmpty(small)) h.Append("<p class=\"small\">").Append(E(small)).Append("</p>");
        h.Append("</div>\n");
    }

    // A horizontal bar per severity, scaled to the largest count; colours match the badges.
    private static void AppendChart(StringBuilder h, ReportModel model)
    {
        var colours = new Dictionary<Severity, string>
        {
            [Severity.Critical] = "#8e1b1b",
            [Severity.High] = "#d9381e",
            [Severity.Medium] = "#e69a07",
            [Severity.Low] = "#2f6fd0",
            [Severity.Unknown] = "#7b8494",
        };
        var max = Math.Max(1, ReportText.SeverityOrder.Max(model.Count));
        const int barWidth = 520;
        h.Append("<section id=\"chart\"><h2>Findings by severity</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"700\" height=\"")
         .Append(ReportText.SeverityOrder.Length * 30 + 10).Append("\" role=\"img\" aria-label=\"Findings by severity\">\n");
        for (var i = 0; i < ReportText.SeverityOrder.Length; i++)
        {
            var s = ReportText.SeverityOrder[i];
            var count = model.Count(s);
            var y = 5 + i * 30;
            var width = count == 0 ? 0 : Math.Max(4, count * barWidth / max);
            h.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 16}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1d2330\">{ReportText.Upper(s)}</text>")
             .Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" data-severity=\"{ReportText.Upper(s)}\" x=\"90\" y=\"{y}\" width=\"{width}\" height=\"22\" rx=\"3\" fill=\"{colours[s]}\"/>")
             .Append(CultureInfo.InvariantCulture, $"<text x=\"{96 + width}\" y=\"{y + 16}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1d2330\">{count}</text>\n");
        }
        h.Append("</svg></section>\n");
    }
}
