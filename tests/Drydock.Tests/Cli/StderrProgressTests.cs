using Drydock.Cli;

namespace Drydock.Tests.Cli;

public sealed class StderrProgressTests
{
    private const string Erase = "\r\u001b[K";

    [Fact]
    public void Report_Terminal_RedrawsOneLineWithABarAndClearsItOnFinish()
    {
        // Given
        using var stderr = new StringWriter();
        var progress = new StderrProgress(stderr, terminal: true);

        // When
        progress.Report("layers", "layer 1/2", 512 * 1024, 1024 * 1024);
        progress.Report("layers", "layer 2/2", 1024 * 1024, 1024 * 1024);
        progress.Finish();

        // Then
        Assert.Equal(
            Erase + "drydock: layers [############------------] 50% 512.0 KiB/1.0 MiB layer 1/2" +
            Erase + "drydock: layers [########################] 100% 1.0 MiB/1.0 MiB layer 2/2" +
            Erase,
            stderr.ToString());
        Assert.DoesNotContain('\n', stderr.ToString());
    }

    [Fact]
    public void Warn_Terminal_ClearsTheLiveLineWritesTheWarningAndRedraws()
    {
        // Given
        using var stderr = new StringWriter();
        var progress = new StderrProgress(stderr, terminal: true);
        progress.Report("match", "alpine", 0, null);

        // When
        progress.Warn("database is old");

        // Then
        Assert.Equal(Erase + "drydock: match alpine" + Erase + "drydock: warning: database is old" + Environment.NewLine + Erase + "drydock: match alpine", stderr.ToString());
    }

    [Fact]
    public void Report_NotATerminal_PlainLinesThrottledToTenPercentSteps()
    {
        // Given
        using var stderr = new StringWriter();
        var progress = new StderrProgress(stderr);

        // When
        for (var done = 0; done <= 100; done += 5) progress.Report("layers", "layer 1/1", done, 100);
        progress.Finish();

        // Then
        var lines = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("drydock: layers: layer 1/1 0% of 100 B", lines[0]);
        Assert.Equal("drydock: layers: layer 1/1 100% of 100 B", lines[^1]);
        Assert.DoesNotContain('\u001b', stderr.ToString());
    }

    [Fact]
    public void Render_LongItem_IsCutToTheTerminalWidth()
    {
        // When
        var line = StderrProgress.Render("registry", new string('x', 300), 0, null, 80);

        // Then
        Assert.Equal(79, line.Length);
        Assert.StartsWith("drydock: registry xxx", line, StringComparison.Ordinal);
    }

    [Fact]
    public void For_AStringWriter_IsNeverATerminal()
    {
        // Given
        using var stderr = new StringWriter();
        using var progress = StderrProgress.For(stderr);

        // When
        progress.Report("layers", "layer 1/1", 1, 2);

        // Then
        Assert.Equal("drydock: layers: layer 1/1 50% of 2 B" + Environment.NewLine, stderr.ToString());
    }
}
