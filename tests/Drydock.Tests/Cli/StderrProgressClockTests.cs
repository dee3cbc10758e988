using Drydock.Cli;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Tests.Cli;

/// <summary>The live line's redraw rate is timed by the injected clock, not by a process-wide stopwatch.</summary>
public sealed class StderrProgressClockTests
{
    private const string Erase = "\r\u001b[K";

    [Fact]
    public void Report_SameItemWithinATenthOfASecond_NotRedrawn_RedrawnOnceTheClockMovesOn()
    {
        // Given
        using var stderr = new StringWriter();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var progress = new StderrProgress(stderr, terminal: true, time: clock);

        // When
        progress.Report("layers", "layer 1/1", 256 * 1024, 1024 * 1024);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        progress.Report("layers", "layer 1/1", 512 * 1024, 1024 * 1024);
        var withinTheInterval = stderr.ToString();
        clock.Advance(TimeSpan.FromMilliseconds(50));
        progress.Report("layers", "layer 1/1", 768 * 1024, 1024 * 1024);

        // Then
        Assert.Equal(Erase + "drydock: layers [######------------------] 25% 256.0 KiB/1.0 MiB layer 1/1", withinTheInterval);
        Assert.EndsWith(Erase + "drydock: layers [##################------] 75% 768.0 KiB/1.0 MiB layer 1/1", stderr.ToString(), StringComparison.Ordinal);
    }
}
