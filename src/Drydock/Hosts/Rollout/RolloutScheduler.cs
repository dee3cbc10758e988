namespace Drydock.Hosts.Rollout;

/// <summary>
/// Runs one piece of work per host with SSM Run Command's semantics and a canary: at most
/// <see cref="RolloutOptions.MaxConcurrency"/> hosts at a time; a host that fails, cannot be reached or times out counts
/// as an error, and once errors exceed <see cref="RolloutOptions.MaxErrors"/> no new host is started (hosts already
/// running finish); the first <see cref="RolloutOptions.Canary"/> hosts run as a wave of their own and the others start
/// only when every canary succeeded. Hosts never started are reported as skipped, with why. An exception of one host is
/// that host's error, never the end of the run; only cancelling the run itself ends it.
/// </summary>
public sealed class RolloutScheduler(RolloutOptions options, IProgressSink progress)
{
    /// <summary>The work for one host; <c>Host</c> names it in the report.</summary>
    public delegate Task<HostRunResult> HostWork(CancellationToken ct);

    public async Task<RolloutReport> RunAsync(IReadOnlyList<(string Host, HostWork Work)> hosts, CancellationToken ct)
    {
        var clock = options.Clock;
        var startedAt = clock.GetUtcNow();
        var results = new HostRunResult?[hosts.Count];
        var run = new RunState(options.MaxConcurrency.Concurrency(hosts.Count), options.MaxErrors.Errors(hosts.Count));
        var canary = Math.Min(Math.Max(0, options.Canary), hosts.Count);
        await RunWaveAsync(hosts, 0, canary, results, run, ct);
        if (run.Halted is null && canary > 0 && canary < hosts.Count && results.Take(canary).Any(r => r!.Outcome != HostOutcome.Succeeded))
            run.Halted = $"canary failed: {string.Join(", ", results.Take(canary).Where(r => r!.Outcome != HostOutcome.Succeeded).Select(r => $"{r!.Host} {RolloutNames.Of(r.Outcome)}"))}";
        await RunWaveAsync(hosts, canary, hosts.Count, results, run, ct);
        for (var i = 0; i < hosts.Count; i++)
            results[i] ??= new HostRunResult(hosts[i].Host, HostOutcome.Skipped, $"not started: {run.Halted}", [], TimeSpan.Zero);
        return new RolloutReport(results.Select(r => r!).ToList(), options, run.Halted, startedAt, clock.GetUtcNow() - startedAt);
    }

    private async Task RunWaveAsync(IReadOnlyList<(string Host, HostWork Work)> hosts, int from, int to, HostRunResult?[] results, RunState run, CancellationToken ct)
    {
        var running = new Dictionary<Task<HostRunResult>, int>();
        var next = from;
        while (true)
        {
            while (run.Halted is null && next < to && running.Count < run.Concurrency)
            {
                running.Add(RunHostAsync(hosts[next].Host, hosts[next].Work, ct), next);
                next++;
            }
            if (running.Count == 0) return;
            var done = await Task.WhenAny(running.Keys);
            var result = await done;
            results[running[done]] = result;
            running.Remove(done);
            if (!result.Failed) continue;
            run.Errors++;
            if (run.Halted is null && run.Errors > run.MaxErrors)
                run.Halted = $"{run.Errors} failed host{(run.Errors == 1 ? "" : "s")} exceeded --max-errors {options.MaxErrors} (allows {run.MaxErrors})";
        }
    }

    private async Task<HostRunResult> RunHostAsync(string host, HostWork work, CancellationToken ct)
    {
        // Yield first so that starting a wave never runs a host's synchronous part inline.
        await Task.Yield();
        var clock = options.Clock;
        var start = clock.GetUtcNow();
        using var timeout = options.HostTimeout is { } limit ? new CancellationTokenSource(limit, clock) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        progress.Report("host", host, 0, null);
        try
        {
            var result = await work(linked.Token);
            return result with { Duration = clock.GetUtcNow() - start };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            progress.Warn($"{host}: gave up after --host-timeout {options.HostTimeout!.Value.TotalSeconds:0}s");
            return new HostRunResult(host, HostOutcome.TimedOut, $"did not finish within {options.HostTimeout!.Value.TotalSeconds:0}s", [], clock.GetUtcNow() - start);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One host's trouble (an engine that cannot be reached, a damaged state file, a call that timed out by itself)
            // is that host's error; only cancelling the run ends it.
            progress.Warn($"{host}: {e.Message}");
            return new HostRunResult(host, HostOutcome.Unreachable, e.Message.Split('\n')[0], [], clock.GetUtcNow() - start);
        }
    }

    private sealed class RunState(int concurrency, int maxErrors)
    {
        public int Concurrency { get; } = concurrency;
        public int MaxErrors { get; } = maxErrors;
        public int Errors { get; set; }
        public string? Halted { get; set; }
    }
}
