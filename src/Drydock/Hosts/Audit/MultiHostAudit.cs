using Drydock.Hosts.Engine;

namespace Drydock.Hosts.Audit;

/// <summary>
/// Audits many engines concurrently (at most <paramref name="concurrency"/> at a time) and merges them into one
/// report. A host that cannot be reached or audited appears in <c>hosts[]</c> with its error; the others still count.
/// <paramref name="connectTimeout"/> bounds each Engine API request; <paramref name="hostTimeout"/> (null = none) the
/// whole audit of one host, which past it is reported as timed out.
/// </summary>
public sealed class MultiHostAudit(HostAuditor auditor, int concurrency, TimeSpan connectTimeout, IProgressSink progress, TimeSpan? hostTimeout = null)
{
    public async Task<HostAuditReport> RunAsync(IReadOnlyList<HostEntry?> hosts, DateTimeOffset now, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));
        var audits = await Task.WhenAll(hosts.Select(async h =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await AuditOneAsync(h, ct);
            }
            finally
            {
                gate.Release();
            }
        }));
        return HostAuditReport.Merge(now, audits);
    }

    private async Task<HostAudit> AuditOneAsync(HostEntry? entry, CancellationToken ct)
    {
        var endpoint = HostEntry.Endpoint(entry);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (hostTimeout is { } timeout) limit.CancelAfter(timeout);
        try
        {
            progress.Report("audit", endpoint.Host, 0, null);
            using var engine = await DockerEngineClient.ConnectAsync(endpoint, connectTimeout, null, limit.Token);
            var audit = await auditor.AuditAsync(engine, engine.ApiVersion, limit.Token);
            progress.Report("audit", endpoint.Host, audit.Containers.Count, audit.Containers.Count);
            return audit;
        }
        catch (Exception e) when (e is DrydockException or HttpRequestException or IOException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var message = limit.IsCancellationRequested && !ct.IsCancellationRequested && hostTimeout is { } t
                ? $"host audit timed out after {t.TotalSeconds:0} s (--host-timeout)"
                : e.Message.Split('\n')[0];
            progress.Warn($"audit {endpoint.Host}: {message}");
            return new HostAudit(new AuditedHost(endpoint.Host, null, message), [], []);
        }
    }
}
