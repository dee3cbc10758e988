namespace Drydock.Reports;

/// <summary>
/// The one registration list of report formats (no reflection: AOT). The CLI calls <see cref="Get"/> with the
/// user's <c>--format</c> value; its colour flag only affects <c>table</c>.
/// </summary>
public static class ReportWriters
{
    /// <summary>Every format name <see cref="Get"/> accepts, in the order help text lists them.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["table", "json", "sarif", "cyclonedx", "spdx-json", "junit", "html"];

    /// <summary>The writer for <paramref name="format"/> (case-insensitive); a <see cref="UsageException"/> for an unknown one.</summary>
    public static IReportWriter Get(string format, bool colour = false) => format.ToLowerInvariant() switch
    {
        "table" => new TableReportWriter(colour),
        "json" => new JsonReportWriter(),
        "sarif" => new SarifReportWriter(),
        "cyclonedx" => new CycloneDxReportWriter(),
        "spdx-json" => new SpdxReportWriter(),
        "junit" => new JUnitReportWriter(),
        "html" => new HtmlReportWriter(),
        _ => throw new UsageException($"unknown report format '{format}': expected one of {string.Join(", ", Formats)}"),
    };
}
