using System.Text.Json;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>The <c>coverage</c> object of the JSON report (docs/report-schema.md "coverage").</summary>
internal static class JsonCoverageSection
{
    public static void Write(Utf8JsonWriter w, ScanCoverage coverage)
    {
        w.WriteStartObject("coverage");
        w.WriteBoolean("complete", coverage.Complete);
        w.WriteBoolean("matched", coverage.Matched);
        w.WriteStartArray("targets");
        foreach (var t in coverage.Targets)
        {
            w.WriteStartObject();
            w.WriteString("kind", t.Kind);
            w.WriteString("name", t.Name);
            w.WriteNumber("packages", t.Packages);
            JsonImageSection.WriteNullable(w, "namespace", t.Namespace);
            w.WriteBoolean("covered", t.Covered);
            w.WriteStrings("sources", t.Sources);
            JsonImageSection.WriteNullable(w, "reason", t.NotCoveredReason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("unevaluatedRanges");
        w.WriteNumber("count", coverage.UnevaluatedRanges);
        JsonImageSection.WriteNullable(w, "example", coverage.UnevaluatedExample);
        w.WriteEndObject();
        w.WriteStartArray("gaps");
        foreach (var g in coverage.Gaps)
        {
            w.WriteStartObject();
            w.WriteString("kind", g.Kind);
            w.WriteString("message", g.Message);
            JsonImageSection.WriteNullable(w, "path", g.Path);
            if (g.LayerIndex is { } l) w.WriteNumber("layerIndex", l);
            else w.WriteNull("layerIndex");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One line for a target: <c>debian 12 (3 packages): debian:12 from debian-tracker</c> or why it is not covered.</summary>
    public static string Describe(CoverageTarget t) =>
        $"{t.Name} ({t.Packages} package{(t.Packages == 1 ? "" : "s")}): "
        + (t.Covered ? $"{t.Namespace} from {string.Join(", ", t.Sources)}" : "NOT COVERED: " + t.NotCoveredReason);
}
