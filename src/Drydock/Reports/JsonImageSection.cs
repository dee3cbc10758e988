using System.Text.Json;
using Drydock.Images;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>The <c>image</c> object of the JSON report: identity, layers and config (secret-looking values masked).</summary>
internal static class JsonImageSection
{
    public static void Write(Utf8JsonWriter w, ImageSummary image)
    {
        w.WriteStartObject("image");
        w.WriteString("target", image.Target);
        WriteNullable(w, "reference", image.Reference);
        WriteNullable(w, "manifestDigest", image.ManifestDigest);
        w.WriteString("id", image.Id);
        w.WriteString("platform", image.Platform);
        WriteNullable(w, "created", image.Created is { } c ? ReportText.Time(c) : null);
        if (image.BaseImage is { } b)
        {
            w.WriteStartObject("baseImage");
            w.WriteString("reference", b.Reference);
            WriteNullable(w, "digest", b.Digest);
            w.WriteString("method", b.Method);
            if (b.LayerCount is { } n) w.WriteNumber("layerCount", n);
            else w.WriteNull("layerCount");
            w.WriteBoolean("trusted", b.Trusted);
            w.WriteString("trustReason", b.TrustReason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("baseImage");
        }
        w.WriteStartArray("layers");
        foreach (var l in image.Layers.OrderBy(l => l.Index))
        {
            w.WriteStartObject();
            w.WriteNumber("index", l.Index);
            w.WriteString("digest", l.Digest);
            w.WriteString("diffId", l.DiffId);
            w.WriteNumber("size", l.Size);
            w.WriteString("mediaType", l.MediaType);
            WriteNullable(w, "createdBy", l.CreatedBy is null ? null : SecretMask.Apply(l.CreatedBy));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteConfig(w, image.Config);
        w.WriteEndObject();
    }

    private static void WriteConfig(Utf8JsonWriter w, ImageConfig? config)
    {
        if (config is null)
        {
            w.WriteNull("config");
            return;
        }
        var c = config.Config;
        w.WriteStartObject("config");
        WriteNullable(w, "author", config.Author);
        WriteNullable(w, "user", c?.User);
        w.WriteStrings("env", (c?.Env ?? []).Select(SecretMask.Apply));
        w.WriteStrings("entrypoint", c?.Entrypoint ?? []);
        w.WriteStrings("cmd", c?.Cmd ?? []);
        WriteNullable(w, "workingDir", c?.WorkingDir);
        w.WriteStrings("exposedPorts", (c?.ExposedPorts?.Keys ?? []).Order(StringComparer.Ordinal));
        w.WriteStrings("volumes", (c?.Volumes?.Keys ?? []).Order(StringComparer.Ordinal));
        w.WriteStartObject("labels");
        foreach (var (key, value) in (c?.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
        WriteNullable(w, "stopSignal", c?.StopSignal);
        if (c?.Healthcheck is { } h)
        {
            w.WriteStartObject("healthcheck");
            w.WriteStrings("test", h.Test ?? []);
            if (h.Interval is { } i) w.WriteNumber("intervalNs", i);
            if (h.Timeout is { } t) w.WriteNumber("timeoutNs", t);
            if (h.StartPeriod is { } s) w.WriteNumber("startPeriodNs", s);
            if (h.Retries is { } r) w.WriteNumber("retries", r);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("healthcheck");
        }
        w.WriteStrings("onBuild", c?.OnBuild ?? []);
        w.WriteStrings("shell", c?.Shell ?? []);
        w.WriteStartArray("history");
        foreach (var step in config.History ?? [])
        {
            w.WriteStartObject();
            WriteNullable(w, "created", step.Created is { } hc ? ReportText.Time(hc) : null);
            WriteNullable(w, "createdBy", step.CreatedBy is null ? null : SecretMask.Apply(step.CreatedBy));
            WriteNullable(w, "comment", step.Comment);
            w.WriteBoolean("emptyLayer", step.EmptyLayer);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    internal static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
