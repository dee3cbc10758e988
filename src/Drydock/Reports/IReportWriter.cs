using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>Formats a report. The only place that formats; deterministic for the same report.</summary>
public interface IReportWriter
{
    /// <summary>Format name as <c>--format</c> takes it (<c>json</c>, <c>sarif</c>, <c>cyclonedx</c>…).</summary>
    string Format { get; }

    Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken);
}
