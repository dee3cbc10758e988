using System.Globalization;
using Drydock.Images.Inspection;

namespace Drydock.Reports;

/// <summary>
/// The human form of <c>drydock inspect</c>: a summary, the config, the layers and the history with
/// <c>created_by</c> untruncated (as <c>docker history --no-trunc</c>), each step naming the layer it made.
/// </summary>
public static class InspectionTableWriter
{
    public static void Write(ImageInspection r, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(w);
        Line(w, "Source", r.Source);
        Line(w, "Reference", r.Reference);
        Line(w, "Digest", r.Digest ?? "(none: no registry manifest in this source)");
        Line(w, "Image ID", r.Id);
        Line(w, "Platform", r.Platform);
        Line(w, "Created", r.Created?.ToString("u", CultureInfo.InvariantCulture));
        Line(w, "Author", r.Author);
        var c = r.Config;
        Line(w, "User", string.IsNullOrEmpty(c.User) ? "(root: none set)" : c.User);
        Line(w, "WorkingDir", c.WorkingDir);
        Line(w, "Entrypoint", Json(c.Entrypoint));
        Line(w, "Cmd", Json(c.Cmd));
        Line(w, "StopSignal", c.StopSignal);
        Line(w, "Healthcheck", c.Healthcheck is { } check ? Json(check.Test) + Durations(check) : "(none)");
        Line(w, "ExposedPorts", c.ExposedPorts.Count == 0 ? null : string.Join(", ", c.ExposedPorts));
        Line(w, "Volumes", c.Volumes.Count == 0 ? null : string.Join(", ", c.Volumes));
        List(w, "Env", c.Env);
        List(w, "Labels", [.. c.Labels.Select(kv => kv.Key + "=" + kv.Value)]);

        w.WriteLine();
        w.WriteLine("LAYERS");
        w.WriteLine("  #  DIGEST                                                                   DIFF ID                                                                  SIZE        MEDIA TYPE");
        foreach (var l in r.Layers)
            w.WriteLine($"  {l.Index,-2} {l.Digest,-72} {l.DiffId,-72} {l.Size,-11} {l.MediaType}");

        w.WriteLine();
        w.WriteLine("HISTORY");
        foreach (var h in r.History)
        {
            var layer = h.Layer is { } i ? $"layer {i}" : "(no layer)";
            var created = h.Created?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
            w.WriteLine($"  {h.Index,-3} {created,-20} {layer,-10} {h.CreatedBy}{(string.IsNullOrEmpty(h.Comment) ? "" : "  # " + h.Comment)}");
        }

        if (r.Files is { } files)
        {
            w.WriteLine();
            w.WriteLine("FILES");
            foreach (var f in files)
                w.WriteLine($"  {f.Mode} {f.Uid + ":" + f.Gid,-11} {f.Size,11} L{f.Layer,-3} {f.Path}{(f.LinkTarget is null ? "" : " -> " + f.LinkTarget)}");
        }
    }

    private static void Line(TextWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) w.WriteLine($"{name + ":",-14}{value}");
    }

    private static void List(TextWriter w, string name, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++) w.WriteLine($"{(i == 0 ? name + ":" : ""),-14}{values[i]}");
    }

    private static string? Json(IReadOnlyList<string>? values) =>
        values is null ? null : "[" + string.Join(", ", values.Select(v => "\"" + v.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";

    private static string Durations(InspectedHealthcheck h) =>
        $" interval={Seconds(h.Interval)} timeout={Seconds(h.Timeout)} start-period={Seconds(h.StartPeriod)} retries={h.Retries?.ToString(CultureInfo.InvariantCulture) ?? "-"}";

    private static string Seconds(long? ns) => ns is { } v ? (v / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + "s" : "-";
}
