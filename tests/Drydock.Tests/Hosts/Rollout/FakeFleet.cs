using Drydock.Hosts.Rollout;

namespace Drydock.Tests.Hosts.Rollout;

/// <summary>
/// Hosts for the scheduler's tests: each host's work finishes when the test releases it (or at once), with the outcome
/// the test chose; the fleet records which hosts started, in order, and the most that ran at the same time.
/// </summary>
internal sealed class FakeFleet
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource<HostOutcome>> _gates = [];
    private int _running;

    public List<string> Started { get; } = [];

    public int MaxRunning { get; private set; }

    /// <summary>Hosts h0…h(n-1); <paramref name="outcomes"/>[i] is host i's outcome; <paramref name="held"/> hosts wait for <see cref="Release"/>.</summary>
    public IReadOnlyList<(string Host, RolloutScheduler.HostWork Work)> Hosts(IReadOnlyList<HostOutcome> outcomes, bool held = false) =>
        outcomes.Select((o, i) => ($"h{i}", (RolloutScheduler.HostWork)(ct => RunAsync($"h{i}", o, held, ct)))).ToList();

    public void Release(string host)
    {
        TaskCompletionSource<HostOutcome> gate;
        lock (_lock) gate = Gate(host);
        gate.TrySetResult(HostOutcome.Succeeded);
    }

    public int StartedCount
    {
        get
        {
            lock (_lock) return Started.Count;
        }
    }

    private async Task<HostRunResult> RunAsync(string host, HostOutcome outcome, bool held, CancellationToken ct)
    {
        Task gate;
        lock (_lock)
        {
            Started.Add(host);
            MaxRunning = Math.Max(MaxRunning, ++_running);
            gate = held ? Gate(host).Task : Task.CompletedTask;
        }
        try
        {
            await gate.WaitAsync(ct);
            if (outcome == HostOutcome.Unreachable) throw new DrydockException($"cannot connect to {host}");
            if (outcome == HostOutcome.TimedOut) await Task.Delay(Timeout.Infinite, ct);
            var failed = outcome == HostOutcome.Failed;
            var outcomeOfSvc = failed ? ContainerOutcome.RolledBack : ContainerOutcome.Updated;
            var container = new ContainerRunResult("svc", outcomeOfSvc, "sha256:old", "sha256:new", failed ? "failed" : "healthy", TimeSpan.Zero, "");
            return HostRunResult.Finished(host, [container with { Failure = failed }], TimeSpan.Zero);
        }
        finally
        {
            lock (_lock) _running--;
        }
    }

    private TaskCompletionSource<HostOutcome> Gate(string host)
    {
        if (!_gates.TryGetValue(host, out var gate)) _gates[host] = gate = new TaskCompletionSource<HostOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        return gate;
    }
}
