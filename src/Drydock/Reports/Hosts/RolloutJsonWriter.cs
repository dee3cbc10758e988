using System.Text.Json;
using Drydock.Hosts.Rollout;

namespace Drydock.Reports.Hosts;

/// <summary>Writes a <see cref="RolloutReport"/> as documented in docs/report-schema.md "host update" (Utf8JsonWriter: AOT-safe, fixed order).</summary>
public static class RolloutJsonWriter
{
    public static void Write(RolloutReport report, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", RolloutReport.SchemaVersion);
        w.WriteString("startedAt", report.StartedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteNumber("durationSeconds", Math.Round(report.Duration.TotalSeconds, 3));
        w.WriteStartObject("options");
        w.WriteString("maxConcurrency", report.Options.MaxConcurrency.ToString());
        w.WriteString("maxErrors", report.Options.MaxErrors.ToString());
        w.WriteNumber("canary", report.Options.Canary);
        if (report.Options.HostTimeout is { } t) w.WriteNumber("hostTimeoutSeconds", t.TotalSeconds);
        else w.WriteNull("hostTimeoutSeconds");
        w.WriteEndObject();
        JsonImageSection.WriteNullable(w, "halted", report.Halted);
        w.WriteStartObject("summary");
        w.WriteNumber("hosts", report.Hosts.Count);
        foreach (var o in Enum.GetValues<HostOutcome>()) w.WriteNumber(RolloutNames.Of(o), report.Count(o));
        w.WriteEndObject();
        w.WriteStartArray("hosts");
        foreach (var h in report.Hosts)
        {
            w.WriteStartObject();
            w.WriteString("host", h.Host);
            w.WriteString("outcome", RolloutNames.Of(h.Outcome));
            JsonImageSection.WriteNullable(w, "error", h.Error);
            w.WriteNumber("durationSeconds", Math.Round(h.Duration.TotalSeconds, 3));
            w.WriteStartArray("containers");
            foreach (var c in h.Containers)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("outcome", RolloutNames.Of(c.Outcome));
                JsonImageSection.WriteNullable(w, "from", c.FromImageId);
                JsonImageSection.WriteNullable(w, "to", c.ToImageId);
                JsonImageSection.WriteNullable(w, "health", c.Health);
                w.WriteNumber("durationSeconds", Math.Round(c.Duration.TotalSeconds, 3));
                w.WriteBoolean("failure", c.Failure);
                w.WriteString("message", c.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
