using System.Text;
using System.Text.Json;

namespace Drydock.Hosts.Watch;

/// <summary>
/// POSTs one JSON object per event to the <c>--webhook</c> URL (documented in docs/hosts.md): <c>event</c>
/// (<c>stale</c>, <c>updated</c>, <c>rolled-back</c>, <c>failed</c>), <c>host</c>, <c>container</c>, <c>from</c>, <c>to</c>,
/// <c>outcome</c>, <c>message</c>, <c>time</c>. A webhook that fails is reported on stderr; the watch goes on.
/// </summary>
public sealed class WebhookNotifier(HttpClient http, Uri url, IProgressSink progress)
{
    public async Task NotifyAsync(WebhookEvent e, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", e.Event);
            w.WriteString("host", e.Host);
            w.WriteString("container", e.Container);
            w.WriteString("from", e.From);
            if (e.To is null) w.WriteNull("to");
            else w.WriteString("to", e.To);
            w.WriteString("outcome", e.Outcome);
            w.WriteString("message", e.Message);
            w.WriteString("time", e.Time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        try
        {
            using var content = new ByteArrayContent(buffer.ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
            using var response = await http.PostAsync(url, content, ct);
            if (!response.IsSuccessStatusCode) progress.Warn($"webhook {url.Host}: HTTP {(int)response.StatusCode} for {e.Event} {e.Container}");
        }
        catch (Exception x) when (x is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            progress.Warn($"webhook {url.Host}: {x.Message}");
        }
    }
}

/// <summary>One notification: what happened to which container on which host, between which images.</summary>
public sealed record WebhookEvent(string Event, string Host, string Container, string From, string? To, string Outcome, string Message, DateTimeOffset Time);
