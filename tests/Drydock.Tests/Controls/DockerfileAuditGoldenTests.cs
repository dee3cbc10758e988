using Drydock.Controls.Dockerfile;
using Drydock.Policy;
using Drydock.Inventory;
using Drydock.Scanning;
using Drydock.Tests.Reports;

namespace Drydock.Tests.Controls;

/// <summary>
/// The Dockerfile verdicts, whole, as the SARIF and JSON writers print them (ids, titles, outcomes, severities,
/// summaries, evidence lines): the goldens were written before the checks moved into the controls, so the move is
/// proven to change no verdict.
/// </summary>
public sealed class DockerfileAuditGoldenTests
{
    [Theory]
    [InlineData("violating", "sarif")]
    [InlineData("violating", "json")]
    [InlineData("clean", "sarif")]
    [InlineData("clean", "json")]
    public async Task Evaluate_SampleDockerfile_ReportMatchesGoldenFile(string sample, string format)
    {
        // Given
        var policy = DrydockPolicy.Default with { TrustedBases = [new TrustedBase("docker.io/library/*", []), new TrustedBase("gcr.io/distroless/*", [])] };
        var dockerfile = DockerfileParser.Parse(sample == "clean" ? DockerfileAuditTests.Clean : DockerfileAuditTests.Violating);

        // When
        var report = new ScanReport
        {
            ToolVersion = "0.0.0-test",
            GeneratedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            Image = new ImageSummary { Target = "dockerfile:Dockerfile", Id = "", Platform = "" },
            Inventory = new ImageInventory { Os = OsInfo.Unknown },
            Controls = DockerfileAudit.Evaluate(dockerfile, policy),
        };
        var output = await ReportOutput.WriteAsync(format, report);

        // Then
        ReportOutput.AssertGolden($"dockerfile.{sample}.{format}", output);
    }
}
