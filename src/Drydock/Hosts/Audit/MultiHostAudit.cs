using Drydock.Hosts.Engine;

namespace Drydock.Hosts.Audit;

/// <summary>
/// Audits many engines concurrently (at most <paramref name="concurrency"/> at a time) and merges them into one
/// report. A host that cannot be reached or audited appears in <c>hosts[]</c> with its error; the others still count.
/// </summary>
public sealed class MultiHostAudit(HostAuditor auditor, int concurrency, TimeSpan connectTimeout, IProgressSink progress)
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
        try
        {
            progress.Report("audit", endpoint.Host, 0, null);
            using var engine = await DockerEngineClient.ConnectAsync(endpoint, connectTimeout, null, ct);
            var audit = await auditor.AuditAsync(engine, engine.ApiVersion, ct);
            progress.Report("audit", endpoint.Host, audit.Containers.Count, audit.Containers.Count);
            return audit;
        }
        catch (Exception e) when (e is DrydockException or HttpRequestException or IOException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            progress.Warn($"audit {endpoint.Host}: {e.Message}");
            return new HostAudit(new AuditedHost(endpoint.Host, null, e.Message.Split('\n')[0]), [], []);
        }
    }
}
