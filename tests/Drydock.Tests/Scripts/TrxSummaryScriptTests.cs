using System.Diagnostics;
using Drydock.Testing;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Scripts;

public sealed class TrxSummaryScriptTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Trx(string name, int total, int executed, int passed, int failed)
    {
        var path = _dir.Path(name);
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="Completed">
                <Counters total="{total}" executed="{executed}" passed="{passed}" failed="{failed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
              </ResultSummary>
            </TestRun>
            """);
        return path;
    }

    private static string Summary(params string[] trx)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(SharedTestData.RepositoryRoot, "scripts", "trx-summary.sh"));
        foreach (var t in trx) start.ArgumentList.Add(t);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    [Fact]
    public void Summary_SkippedTests_CountedAsTotalMinusExecuted()
    {
        // Given: xunit skips leave notExecuted at 0; only total - executed shows them
        var unit = Trx("unit.trx", total: 10, executed: 8, passed: 7, failed: 1);
        var integration = Trx("it.trx", total: 80, executed: 5, passed: 5, failed: 0);

        // When
        var line = Summary(unit, integration);

        // Then
        Assert.Equal("12 passed, 1 failed, 77 skipped\n", line);
    }

    [Fact]
    public void Summary_NothingSkipped_KeepsTwoCounts()
    {
        // When
        var line = Summary(Trx("unit.trx", total: 4, executed: 4, passed: 4, failed: 0));

        // Then
        Assert.Equal("4 passed, 0 failed\n", line);
    }
}
