using Drydock.Hosts.Rollout;
using static Drydock.Hosts.Rollout.HostOutcome;

namespace Drydock.Tests.Hosts.Rollout;

/// <summary>
/// The fleet scheduler's semantics with fake hosts (issue 14 item 4): concurrency, SSM's error threshold (exceeded when
/// failures are more than max-errors), the canary wave, the per-host timeout on a fake clock, and one host's exception
/// being only that host's error.
/// </summary>
public sealed class RolloutSchedulerTests
{
    private readonly FakeFleet _fleet = new();

    [Fact]
    public async Task RunAsync_MaxConcurrencyTwo_NeverMoreThanTwoAtATime()
    {
        // Given: five hosts that each wait until released
        var scheduler = Scheduler(new RolloutOptions { MaxConcurrency = new(2, false) });
        var run = scheduler.RunAsync(_fleet.Hosts([Succeeded, Succeeded, Succeeded, Succeeded, Succeeded], held: true), default);

        // When: released one by one as they start
        for (var i = 0; i < 5; i++)
        {
            await WaitUntil(() => _fleet.StartedCount > i);
            _fleet.Release($"h{i}");
        }
        var report = await run;

        // Then
        Assert.Equal(2, _fleet.MaxRunning);
        Assert.All(report.Hosts, h => Assert.Equal(Succeeded, h.Outcome));
        Assert.Null(report.Halted);
    }

    [Fact]
    public async Task RunAsync_MaxErrorsZero_FirstFailureStartsNoOtherHost()
    {
        // Given / When
        var report = await Scheduler(new RolloutOptions()).RunAsync(_fleet.Hosts([Failed, Succeeded, Succeeded]), default);

        // Then
        Assert.Equal([Failed, Skipped, Skipped], report.Hosts.Select(h => h.Outcome));
        Assert.Equal(["h0"], _fleet.Started);
        Assert.Contains("exceeded --max-errors 0", report.Halted, StringComparison.Ordinal);
        Assert.StartsWith("not started: ", report.Hosts[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MaxErrorsOne_SecondFailureHalts()
    {
        // Given / When: one failure is within the budget, the second exceeds it
        var report = await Scheduler(new RolloutOptions { MaxErrors = new(1, false) })
            .RunAsync(_fleet.Hosts([Failed, Succeeded, Failed, Succeeded, Succeeded]), default);

        // Then
        Assert.Equal([Failed, Succeeded, Failed, Skipped, Skipped], report.Hosts.Select(h => h.Outcome));
    }

    [Fact]
    public async Task RunAsync_MaxErrorsTwentyPercentOfTen_ThirdFailureHalts()
    {
        // Given / When: 20% of 10 hosts = 2 failures tolerated
        var report = await Scheduler(new RolloutOptions { MaxErrors = new(20, true) })
            .RunAsync(_fleet.Hosts([Failed, Failed, Succeeded, Failed, Succeeded, Succeeded, Succeeded, Succeeded, Succeeded, Succeeded]), default);

        // Then
        Assert.Equal(4, _fleet.Started.Count);
        Assert.Equal(6, report.Count(Skipped));
        Assert.Contains("allows 2", report.Halted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BudgetSpentWhileOthersRun_RunningHostsFinish()
    {
        // Given: two at a time; h0 fails at once while h1 is still running
        var run = Scheduler(new RolloutOptions { MaxConcurrency = new(2, false) }).RunAsync(_fleet.Hosts([Failed, Succeeded, Succeeded], held: true), default);
        await WaitUntil(() => _fleet.StartedCount == 2);

        // When
        _fleet.Release("h0");
        await Task.Delay(50);
        _fleet.Release("h1");
        var report = await run;

        // Then: h1 was allowed to finish, h2 never started
        Assert.Equal([Failed, Succeeded, Skipped], report.Hosts.Select(h => h.Outcome));
        Assert.Equal(["h0", "h1"], _fleet.Started);
    }

    [Fact]
    public async Task RunAsync_CanaryFails_OnlyTheCanaryIsTouched()
    {
        // Given: a generous error budget; the canary fails
        var options = new RolloutOptions { Canary = 1, MaxConcurrency = new(100, true), MaxErrors = new(10, false) };

        // When
        var report = await Scheduler(options).RunAsync(_fleet.Hosts([Failed, Succeeded, Succeeded]), default);

        // Then
        Assert.Equal(["h0"], _fleet.Started);
        Assert.Equal([Failed, Skipped, Skipped], report.Hosts.Select(h => h.Outcome));
        Assert.Equal("canary failed: h0 failed", report.Halted);
    }

    [Fact]
    public async Task RunAsync_CanaryHealthy_CanaryFinishesBeforeTheRestStart()
    {
        // Given: all at once after one canary
        var run = Scheduler(new RolloutOptions { Canary = 1, MaxConcurrency = new(100, true) }).RunAsync(_fleet.Hosts([Succeeded, Succeeded, Succeeded], held: true), default);
        await WaitUntil(() => _fleet.StartedCount == 1);
        await Task.Delay(50);
        var startedWithCanary = _fleet.StartedCount;

        // When
        _fleet.Release("h0");
        await WaitUntil(() => _fleet.StartedCount == 3);
        _fleet.Release("h1");
        _fleet.Release("h2");
        var report = await run;

        // Then
        Assert.Equal(1, startedWithCanary);
        Assert.Equal(2, _fleet.MaxRunning);
        Assert.Equal(3, report.Count(Succeeded));
    }

    [Fact]
    public async Task RunAsync_HostExceedsTimeout_TimedOutAndNextHostRuns()
    {
        // Given: a fake clock; h0 never finishes by itself
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new RolloutOptions { HostTimeout = TimeSpan.FromMinutes(5), MaxErrors = new(1, false), Clock = clock };
        var run = Scheduler(options).RunAsync(_fleet.Hosts([TimedOut, Succeeded]), default);
        await WaitUntil(() => clock.PendingTimers == 1);

        // When
        clock.Advance(TimeSpan.FromMinutes(5));
        var report = await run;

        // Then
        Assert.Equal([TimedOut, Succeeded], report.Hosts.Select(h => h.Outcome));
        Assert.Equal(TimeSpan.FromMinutes(5), report.Hosts[0].Duration);
        Assert.Equal("did not finish within 300s", report.Hosts[0].Error);
    }

    [Fact]
    public async Task RunAsync_HostThrows_ThatHostUnreachableOthersUpdated()
    {
        // Given / When
        var report = await Scheduler(new RolloutOptions { MaxErrors = new(1, false) }).RunAsync(_fleet.Hosts([Succeeded, Unreachable, Succeeded]), default);

        // Then
        Assert.Equal([Succeeded, Unreachable, Succeeded], report.Hosts.Select(h => h.Outcome));
        Assert.Equal("cannot connect to h1", report.Hosts[1].Error);
        Assert.True(report.AnyFailed);
        Assert.False(report.NoneReached);
    }

    [Fact]
    public async Task RunAsync_HostCallCancelledByItself_ThatHostUnreachableRunGoesOn()
    {
        // Given: h0's engine call gives up on its own (an HttpClient timeout surfaces as TaskCanceledException)
        RolloutScheduler.HostWork timedOutCall = _ => throw new TaskCanceledException("the engine did not answer within 100s");
        var hosts = new List<(string, RolloutScheduler.HostWork)> { ("h0", timedOutCall) };
        hosts.AddRange(_fleet.Hosts([Succeeded]).Select(h => ("h1", h.Work)));

        // When
        var report = await Scheduler(new RolloutOptions { MaxErrors = new(1, false) }).RunAsync(hosts, default);

        // Then
        Assert.Equal([Unreachable, Succeeded], report.Hosts.Select(h => h.Outcome));
        Assert.Equal("the engine did not answer within 100s", report.Hosts[0].Error);
    }

    private static RolloutScheduler Scheduler(RolloutOptions options) => new(options, NullProgressSink.Instance);

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not reached");
    }
}
