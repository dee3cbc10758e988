using System.Text.Json;
using Drydock.Scanning;
using Drydock.Scanning.Gate;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;
using Drydock.Tests.Reports;

namespace Drydock.Tests.Scanning;

public sealed class IgnoreFileDiscoveryTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Find_OnlyTrivyIgnore_ReadsItInTrivyFormat()
    {
        // Given: Trivy's format: ids, # comments, exp:
        File.WriteAllText(_dir.Path(".trivyignore"), "# accepted by security\nCVE-2024-0001\nCVE-2024-0002 exp:2027-01-31\n");

        // When
        var found = IgnoreFileParser.Find(null, _dir.Root);
        var waivers = IgnoreFileParser.Load(_dir.Path(found!));

        // Then
        Assert.Equal(".trivyignore", found);
        Assert.Equal([("CVE-2024-0001", (DateOnly?)null), ("CVE-2024-0002", new DateOnly(2027, 1, 31))], waivers.Select(w => (w.Id, w.Expires)));
    }

    [Fact]
    public void Find_BothFiles_DrydockIgnoreWins()
    {
        // Given
        File.WriteAllText(_dir.Path(".trivyignore"), "CVE-2024-0001\n");
        File.WriteAllText(_dir.Path(".drydockignore"), "CVE-2024-0002\n");

        // Then
        Assert.Equal(".drydockignore", IgnoreFileParser.Find(null, _dir.Root));
        Assert.Equal("custom.ignore", IgnoreFileParser.Find("custom.ignore", _dir.Root));
    }

    [Fact]
    public void Find_NoFile_Null() => Assert.Null(IgnoreFileParser.Find(null, _dir.Root));

    [Fact]
    public async Task Reports_IgnoreFileUsed_NamedInJsonAndTable()
    {
        // Given
        var report = new ScanReportBuilder().WithGate(new GateResult(true, 0, []) { IgnoreFile = ".trivyignore" }).Build();

        // When
        var json = await ReportOutput.WriteAsync("json", report);
        var table = await ReportOutput.WriteAsync("table", report);

        // Then
        Assert.Equal(".trivyignore", JsonDocument.Parse(json).RootElement.GetProperty("gate").GetProperty("ignoreFile").GetString());
        Assert.Contains("\nWaivers:   read from .trivyignore\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_IgnoreFileOption_CarriedIntoGateResult()
    {
        // When
        var gate = GateEvaluator.Decide([], [], new() { Os = new() { Family = "alpine", Version = "3.20" } }, false, null,
            new GateOptions { IgnoreFile = ".trivyignore" }, TimeProvider.System);

        // Then
        Assert.Equal(".trivyignore", gate.IgnoreFile);
    }
}
