using System.Text.Json;
using Drydock.Freshness;

namespace Drydock.Reports;

/// <summary>
/// The <c>freshness</c> object of the JSON report: where the image's tag and base stand in their registries
/// (null when not looked up). Unknown parts are null, with the reason in <c>error</c>.
/// </summary>
internal static class JsonFreshnessSection
{
    public static void Write(Utf8JsonWriter w, FreshnessReport? f, DateTimeOffset now)
    {
        if (f is null)
        {
            w.WriteNull("freshness");
            return;
        }
        w.WriteStartObject("freshness");
        w.WriteString("reference", f.Reference);
        JsonImageSection.WriteNullable(w, "inUseImageId", f.InUseImageId);
        JsonImageSection.WriteNullable(w, "latestDigest", f.LatestDigest);
        JsonImageSection.WriteNullable(w, "latestImageId", f.LatestImageId);
        WriteBool(w, "stale", f.Stale);
        JsonImageSection.WriteNullable(w, "created", f.Created is { } c ? ReportText.Time(c) : null);
        if (f.AgeDays(now) is { } age) w.WriteNumber("ageDays", age);
        else w.WriteNull("ageDays");
        if (f.NewerTags is { } t)
        {
            w.WriteStartObject("newerTags");
            w.WriteString("current", t.Current);
            JsonImageSection.WriteNullable(w, "newestPatch", t.NewestPatch);
            JsonImageSection.WriteNullable(w, "newestMinor", t.NewestMinor);
            JsonImageSection.WriteNullable(w, "newestMajor", t.NewestMajor);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("newerTags");
        }
        JsonImageSection.WriteNullable(w, "baseImage", f.BaseImage);
        JsonImageSection.WriteNullable(w, "baseLatestDigest", f.BaseLatestDigest);
        WriteBool(w, "rebuildNeeded", f.RebuildNeeded);
        if (f.RateLimit is { } r)
        {
            w.WriteStartObject("rateLimit");
            WriteInt(w, "limit", r.Limit);
            WriteInt(w, "remaining", r.Remaining);
            WriteInt(w, "windowSeconds", r.WindowSeconds);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("rateLimit");
        }
        JsonImageSection.WriteNullable(w, "error", f.Error);
        w.WriteEndObject();
    }

    private static void WriteBool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v) w.WriteBoolean(name, v);
        else w.WriteNull(name);
    }

    private static void WriteInt(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
