using System.Text.Json;
using Drydock.Hosts.Audit;

namespace Drydock.Reports;

/// <summary>Writes a <see cref="HostAuditReport"/> as documented in docs/report-schema.md "## host audit" (Utf8JsonWriter: AOT-safe, fixed order).</summary>
public static class HostAuditJsonWriter
{
    public static void Write(HostAuditReport report, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", HostAuditReport.SchemaVersion);
        w.WriteString("generatedAt", report.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteStartArray("hosts");
        foreach (var h in report.Hosts)
        {
            w.WriteStartObject();
            w.WriteString("host", h.Host);
            JsonImageSection.WriteNullable(w, "apiVersion", h.ApiVersion);
            if (h.Error is not null) w.WriteString("error", h.Error);
            if (h.Daemon is { } d)
            {
                w.WriteStartObject("engine");
                w.WriteString("product", d.Product);
                JsonImageSection.WriteNullable(w, "version", d.Version);
                JsonImageSection.WriteNullable(w, "apiVersion", d.ApiVersion);
                Strings(w, "insecureRegistries", d.InsecureRegistries);
                Strings(w, "insecureRegistryCidrs", d.InsecureCidrs);
                Strings(w, "plainHttpMirrors", d.PlainHttpMirrors);
                w.WriteEndObject();
                Verdicts(w, "findings", h.Findings);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("containers");
        foreach (var c in report.Containers) WriteContainer(w, c);
        w.WriteEndArray();
        w.WriteStartArray("images");
        foreach (var i in report.Images)
        {
            w.WriteStartObject();
            w.WriteString("host", i.Host);
            w.WriteString("id", i.Id);
            Strings(w, "repoTags", i.RepoTags);
            Strings(w, "repoDigests", i.RepoDigests);
            JsonImageSection.WriteNullable(w, "ageDays", i.AgeDays);
            Strings(w, "containers", i.Containers);
            w.WriteBoolean("dangling", i.Dangling);
            Vulnerabilities(w, i.Vulnerabilities, i.VulnerabilityError, i.VulnerabilityScanFailed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteContainer(Utf8JsonWriter w, AuditedContainer c)
    {
        w.WriteStartObject();
        w.WriteString("host", c.Host);
        w.WriteString("name", c.Name);
        w.WriteString("id", c.Id);
        w.WriteString("image", c.Image);
        w.WriteString("imageId", c.ImageId);
        JsonImageSection.WriteNullable(w, "imageDigest", c.ImageDigest);
        JsonImageSection.WriteNullable(w, "latestDigest", c.LatestDigest);
        JsonImageSection.WriteNullable(w, "latestImageId", c.LatestImageId);
        if (c.Stale is { } s) w.WriteBoolean("stale", s);
        else w.WriteNull("stale");
        w.WriteBoolean("running", c.Running);
        JsonImageSection.WriteNullable(w, "ageDays", c.AgeDays);
        Strings(w, "newerTags", c.NewerTags);
        if (c.BaseImage is { } b)
        {
            w.WriteStartObject("baseImage");
            w.WriteString("reference", b.Reference);
            w.WriteString("method", b.Method);
            w.WriteBoolean("trusted", b.Trusted);
            w.WriteString("trustReason", b.TrustReason);
            if (b.RebuildNeeded is { } r) w.WriteBoolean("rebuildNeeded", r);
            else w.WriteNull("rebuildNeeded");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("baseImage");
        }
        w.WriteBoolean("dangling", c.Dangling);
        JsonImageSection.WriteNullable(w, "freshnessError", c.FreshnessError);
        Vulnerabilities(w, c.Vulnerabilities, c.VulnerabilityError, c.VulnerabilityScanFailed);
        // Only when there is something to say, so reports of hosts without update state keep their shape.
        if (c.Pin is { } pin)
        {
            w.WriteStartObject("pin");
            w.WriteString("imageId", pin.ImageId);
            w.WriteString("reference", pin.Reference);
            w.WriteString("since", pin.Since.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteBoolean("pinned", pin.Pinned);
            w.WriteEndObject();
        }
        if (c.Rejected.Count > 0)
        {
            w.WriteStartArray("rejected");
            foreach (var r in c.Rejected)
            {
                w.WriteStartObject();
                w.WriteString("imageId", r.ImageId);
                w.WriteString("reason", r.Reason);
                w.WriteString("at", r.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Verdicts(w, "verdicts", c.Verdicts);
        w.WriteEndObject();
    }

    private static void Verdicts(Utf8JsonWriter w, string name, IReadOnlyList<AuditVerdict> verdicts)
    {
        w.WriteStartArray(name);
        foreach (var v in verdicts)
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WriteString("outcome", v.Outcome);
            w.WriteString("reason", v.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Vulnerabilities(Utf8JsonWriter w, ImageVulnerabilities? counts, string? error, bool scanFailed)
    {
        if (counts is { } v)
        {
            w.WriteStartObject("vulnerabilities");
            w.WriteNumber("critical", v.Critical);
            w.WriteNumber("high", v.High);
            w.WriteNumber("medium", v.Medium);
            w.WriteNumber("low", v.Low);
            w.WriteNumber("unknown", v.Unknown);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("vulnerabilities");
        }
        JsonImageSection.WriteNullable(w, "vulnerabilityError", error);
        w.WriteBoolean("vulnerabilityScanFailed", scanFailed);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
