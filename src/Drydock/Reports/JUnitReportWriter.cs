using System.Globalization;
using System.Text;
using System.Xml;
using Drydock.Controls;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>
/// JUnit XML as CI test tabs read it (the Ant/Surefire shape): one testsuite per category ("vulnerabilities",
/// "controls"), one testcase per finding and per control; findings and failed controls are failures, skipped
/// controls are skipped. No timestamps or durations besides the report time, so the file is deterministic.
/// </summary>
internal sealed class JUnitReportWriter : IReportWriter
{
    public string Format => "junit";

    public async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken)
    {
        var model = new ReportModel(report);
        var settings = new XmlWriterSettings
        {
            Async = true,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(false),
        };
        await using (var x = XmlWriter.Create(output, settings))
        {
            await x.WriteStartDocumentAsync();
            var failedControls = model.Controls.Count(c => c.Outcome == ControlOutcome.Fail);
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", Clean($"{ToolInfo.Name} {report.Image.Reference ?? report.Image.Target}"));
            var coverage = report.Coverage;
            var otherGaps = coverage.Gaps.Where(g => g.Kind != "not-covered").ToList();
            x.WriteAttributeString("tests", Count(model.Findings.Count + model.Controls.Count + coverage.Targets.Count + otherGaps.Count));
            x.WriteAttributeString("failures", Count(model.Findings.Count(f => f.Suppression is null) + failedControls));
            x.WriteAttributeString("errors", "0");

            var suppressed = model.Findings.Count(f => f.Suppression is not null);
            StartSuite(x, "vulnerabilities", model.Findings.Count, model.Findings.Count - suppressed, suppressed, report);
            foreach (var f in model.Findings)
            {
                StartCase(x, $"{f.VulnerabilityId} {f.PackageName}@{f.InstalledVersion}", $"vulnerabilities.{f.PackagePurl}");
                // A suppressed finding does not fail the gate, so it does not fail the test either.
                x.WriteStartElement(f.Suppression is null ? "failure" : "skipped");
                if (f.Suppression is null) x.WriteAttributeString("type", ReportText.Upper(f.Severity));
                x.WriteAttributeString("message", Clean($"{ReportText.Upper(f.Severity)} {f.VulnerabilityId} in {f.PackageName} {f.InstalledVersion}: " +
                    (f.FixedVersion is null ? $"no fix ({ReportText.Status(f.Status)})" : $"fixed in {f.FixedVersion}") +
                    (f.Suppression is null ? "" : $"; suppressed, {CycloneDxAnalysis.Detail(f.Suppression)}")));
                x.WriteString(Clean(string.Join("\n", new[] { f.Title, f.Description }.Where(s => s is not null).Concat(f.References))));
                x.WriteEndElement();
                x.WriteEndElement();
            }
            x.WriteEndElement();

            StartSuite(x, "controls", model.Controls.Count, failedControls, model.Controls.Count(c => c.Outcome == ControlOutcome.Skip), report);
            foreach (var c in model.Controls)
            {
                StartCase(x, $"{c.Id} {c.Title}", "controls." + c.Id);
                if (c.Outcome != ControlOutcome.Pass)
                {
                    x.WriteStartElement(c.Outcome == ControlOutcome.Fail ? "failure" : "skipped");
                    x.WriteAttributeString("message", Clean(c.Summary));
                    if (c.Outcome == ControlOutcome.Fail) x.WriteAttributeString("type", ReportText.Upper(c.Severity));
                    x.WriteString(Clean(string.Join("\n", c.Evidence.Select(Describe))));
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();

            // What was not checked is "skipped", not "failed": the gate decides (--fail-on-incomplete), not the test tab.
            if (coverage.Targets.Count + otherGaps.Count > 0)
            {
                StartSuite(x, "coverage", coverage.Targets.Count + otherGaps.Count, 0, coverage.Targets.Count(t => !t.Covered) + otherGaps.Count, report);
                foreach (var t in coverage.Targets)
                {
                    StartCase(x, JsonCoverageSection.Describe(t), $"coverage.{t.Kind}.{t.Name}");
                    if (!t.Covered)
                    {
                        x.WriteStartElement("skipped");
                        x.WriteAttributeString("message", Clean("not covered: " + t.NotCoveredReason));
                        x.WriteEndElement();
                    }
                    x.WriteEndElement();
                }
                foreach (var g in otherGaps)
                {
                    StartCase(x, g.Message, $"coverage.{g.Kind}");
                    x.WriteStartElement("skipped");
                    x.WriteAttributeString("message", Clean(g.Message));
                    x.WriteEndElement();
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
            await x.WriteEndDocumentAsync();
        }
        output.WriteByte((byte)'\n');
        await output.FlushAsync(cancellationToken);
    }

    internal static string Describe(Evidence e)
    {
        var where = new List<string>();
        if (e.Path is not null) where.Add(e.Path);
        if (e.LayerIndex is { } l) where.Add("layer " + l.ToString(CultureInfo.InvariantCulture));
        if (e.HistoryIndex is { } h) where.Add("history " + h.ToString(CultureInfo.InvariantCulture));
        if (e.Line is { } n) where.Add("line " + n.ToString(CultureInfo.InvariantCulture));
        return where.Count == 0 ? e.Message : $"{e.Message} ({string.Join(", ", where)})";
    }

    private static void StartSuite(XmlWriter x, string name, int tests, int failures, int skipped, ScanReport report)
    {
        x.WriteStartElement("testsuite");
        x.WriteAttributeString("name", Clean(name));
        x.WriteAttributeString("tests", Count(tests));
        x.WriteAttributeString("failures", Count(failures));
        x.WriteAttributeString("errors", "0");
        x.WriteAttributeString("skipped", Count(skipped));
        x.WriteAttributeString("timestamp", ReportText.Time(report.GeneratedAt));
    }

    private static void StartCase(XmlWriter x, string name, string className)
    {
        x.WriteStartElement("testcase");
        x.WriteAttributeString("name", Clean(name));
        x.WriteAttributeString("classname", Clean(className));
    }

    /// <summary>Replaces characters XML 1.0 cannot carry (control characters, lone surrogates) with U+FFFD.</summary>
    internal static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) sb.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) sb.Append(text[i]).Append(text[++i]);
            else sb.Append('\uFFFD');
        }
        return sb.ToString();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
