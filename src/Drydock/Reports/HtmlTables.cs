using System.Globalization;
using System.Text;
using Drydock.Controls;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>The findings, controls and layers tables of the HTML report; every cell encoded with <see cref="HtmlReportWriter.E"/>.</summary>
internal static class HtmlTables
{
    public static void AppendFindings(StringBuilder h, ReportModel model)
    {
        h.Append("<section id=\"vulnerabilities\"><h2>Vulnerabilities</h2>\n<div class=\"filters\">")
         .Append("<input id=\"filter\" type=\"search\" placeholder=\"Filter by id, package, version, text\" aria-label=\"Filter findings\">");
        foreach (var s in ReportText.SeverityOrder)
        {
            h.Append("<label><input type=\"checkbox\" class=\"sev-filter\" value=\"").Append(ReportText.Upper(s)).Append("\" checked> ")
             .Append(ReportText.Upper(s)).Append("</label>");
        }
        h.Append("<span id=\"shown\"></span></div>\n<table id=\"findings\" class=\"sortable\">\n<thead><tr>");
        foreach (var (key, title) in new[] { ("severity", "Severity"), ("id", "Vulnerability"), ("package", "Package"), ("installed", "Installed"), ("fixed", "Fixed in"), ("status", "Status"), ("cvss", "CVSS"), ("layer", "Layer"), ("title", "Title") })
            h.Append("<th data-key=\"").Append(key).Append("\" aria-sort=\"none\">").Append(title).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var f in model.Findings)
        {
            var score = ReportText.MaxScore(f);
            var status = ReportText.StatusText(f);
            var link = f.References.FirstOrDefault(r => r.StartsWith("https://", StringComparison.Ordinal));
            h.Append("<tr data-severity=\"").Append(ReportText.Upper(f.Severity)).Append("\">")
             .Append("<td data-sort=\"").Append((int)f.Severity).Append("\">").Append(HtmlReportWriter.SeverityBadge(f.Severity)).Append("</td>")
             .Append("<td class=\"mono nowrap\">").Append(link is null ? HtmlReportWriter.E(f.VulnerabilityId) : $"<a href=\"{HtmlReportWriter.E(link)}\" rel=\"noreferrer\">{HtmlReportWriter.E(f.VulnerabilityId)}</a>").Append("</td>")
             .Append("<td title=\"").Append(HtmlReportWriter.E(f.PackagePurl)).Append("\">").Append(HtmlReportWriter.E(f.PackageName)).Append("</td>")
             .Append("<td class=\"mono\">").Append(HtmlReportWriter.E(f.InstalledVersion)).Append("</td>")
             .Append("<td class=\"mono\">").Append(HtmlReportWriter.E(f.FixedVersion ?? "")).Append("</td>")
             .Append("<td>").Append(HtmlReportWriter.E(status))
             .Append(f.Suppression is null ? "" : $"<br><span class=\"muted\">{HtmlReportWriter.E(CycloneDxAnalysis.Detail(f.Suppression))}</span>").Append("</td>")
             .Append("<td data-sort=\"").Append(score is { } sc ? ReportText.Number(sc) : "").Append("\">").Append(score is { } sc2 ? ReportText.Number(sc2) : "").Append("</td>")
             .Append("<td data-sort=\"").Append(f.LayerIndex).Append("\">").Append(f.LayerIndex).Append("</td>")
             .Append("<td>").Append(HtmlReportWriter.E(f.Title ?? f.Description ?? "")).Append("</td></tr>\n");
        }
        h.Append("</tbody></table></section>\n");
    }

    public static void AppendControls(StringBuilder h, ReportModel model)
    {
        h.Append("<section id=\"controls-section\"><h2>Image controls</h2>\n<table id=\"controls\">\n<thead><tr><th>Control</th><th>Result</th><th>Severity</th><th>Title and evidence</th></tr></thead>\n<tbody>\n");
        foreach (var c in model.Controls)
        {
            var outcome = ReportText.Outcome(c.Outcome);
            h.Append("<tr data-outcome=\"").Append(outcome).Append("\"><td class=\"mono\">").Append(HtmlReportWriter.E(c.Id)).Append("</td>")
             .Append("<td class=\"out out-").Append(outcome).Append("\">").Append(outcome.ToUpperInvariant()).Append("</td>")
             .Append("<td>").Append(c.Outcome == ControlOutcome.Fail ? HtmlReportWriter.SeverityBadge(c.Severity) : "<span class=\"muted\">" + ReportText.Upper(c.Severity) + "</span>").Append("</td>")
             .Append("<td><strong>").Append(HtmlReportWriter.E(c.Title)).Append("</strong><br>").Append(HtmlReportWriter.E(c.Summary));
            if (c.Evidence.Count > 0)
            {
                h.Append("<ul class=\"evidence\">");
                foreach (var e in c.Evidence) h.Append("<li>").Append(HtmlReportWriter.E(JUnitReportWriter.Describe(e))).Append("</li>");
                h.Append("</ul>");
            }
            h.Append("</td></tr>\n");
        }
        h.Append("</tbody></table></section>\n");
    }

    // What each layer introduced: its history step and the packages whose record that layer last wrote.
    public static void AppendLayers(StringBuilder h, ReportModel model)
    {
        h.Append("<section id=\"layers-section\"><h2>Layers</h2>\n<table id=\"layers\">\n<thead><tr><th>#</th><th>Created by</th><th>Size</th><th>Packages introduced</th></tr></thead>\n<tbody>\n");
        foreach (var layer in model.Report.Image.Layers.OrderBy(l => l.Index))
        {
            var packages = model.Packages.Where(p => p.Package.LayerIndex == layer.Index).Select(p => $"{(p.Package.Namespace is null ? "" : p.Package.Namespace + "/")}{p.Package.Name} {p.Package.Version}").ToList();
            h.Append("<tr><td>").Append(layer.Index).Append("</td><td class=\"mono\">").Append(HtmlReportWriter.E(layer.CreatedBy is null ? "" : SecretMask.Apply(layer.CreatedBy)))
             .Append("<br><span class=\"muted\">").Append(HtmlReportWriter.E(layer.DiffId)).Append("</span></td><td>").Append(HtmlReportWriter.E(Size(layer.Size))).Append("</td><td>");
            if (packages.Count == 0) h.Append("<span class=\"muted\">none</span>");
            else
            {
                h.Append(packages.Count).Append(packages.Count == 1 ? " package: " : " packages: ");
                h.Append(HtmlReportWriter.E(string.Join(", ", packages.Take(12))));
                if (packages.Count > 12)
                    h.Append("<details><summary>").Append(packages.Count - 12).Append(" more</summary>").Append(HtmlReportWriter.E(string.Join(", ", packages.Skip(12)))).Append("</details>");
            }
            h.Append("</td></tr>\n");
        }
        h.Append("</tbody></table></section>\n");
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
