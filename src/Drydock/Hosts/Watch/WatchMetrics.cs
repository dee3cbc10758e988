using System.Globalization;
using System.Text;

namespace Drydock.Hosts.Watch;

/// <summary>
/// The counters <c>host watch</c> exposes, rendered in the Prometheus text exposition format 0.0.4
/// (<c># HELP</c>/<c># TYPE</c> lines, one sample each). Thread-safe: the server reads while cycles write.
/// </summary>
public sealed class WatchMetrics
{
    private long _stale;
    private long _updated;
    private long _rollbacks;
    private long _runs;
    private long _lastAudit;

    public void AuditFinished(int staleImages, DateTimeOffset at)
    {
        Interlocked.Exchange(ref _stale, staleImages);
        Interlocked.Increment(ref _runs);
        Interlocked.Exchange(ref _lastAudit, at.ToUnixTimeSeconds());
    }

    public void Updated() => Interlocked.Increment(ref _updated);

    public void RolledBack() => Interlocked.Increment(ref _rollbacks);

    public string Render()
    {
        var text = new StringBuilder();
        Sample(text, "drydock_images_stale", "gauge", "Distinct images in use whose tag names a newer image (last audit).", Interlocked.Read(ref _stale));
        Sample(text, "drydock_containers_updated_total", "counter", "Containers updated to a newer image.", Interlocked.Read(ref _updated));
        Sample(text, "drydock_rollbacks_total", "counter", "Updates rolled back.", Interlocked.Read(ref _rollbacks));
        Sample(text, "drydock_audit_runs_total", "counter", "Audits run.", Interlocked.Read(ref _runs));
        Sample(text, "drydock_last_audit_timestamp_seconds", "gauge", "Unix time of the last finished audit.", Interlocked.Read(ref _lastAudit));
        return text.ToString();
    }

    private static void Sample(StringBuilder text, string name, string type, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
