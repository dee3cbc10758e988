using System.Text.Json;
using Drydock.Inventory;

namespace Drydock.Reports;

/// <summary>The <c>os</c>, <c>packages</c> and <c>inventoryWarnings</c> of the JSON report, packages sorted by purl.</summary>
internal static class JsonInventorySection
{
    public static void Write(Utf8JsonWriter w, ReportModel model)
    {
        var inventory = model.Report.Inventory;
        var os = inventory.Os;
        w.WriteStartObject("os");
        w.WriteString("family", os.Family);
        w.WriteString("version", os.Version);
        JsonImageSection.WriteNullable(w, "codename", os.Codename);
        JsonImageSection.WriteNullable(w, "prettyName", os.PrettyName);
        w.WriteBoolean("distroless", os.Distroless);
        JsonImageSection.WriteNullable(w, "source", os.Source);
        w.WriteEndObject();

        w.WriteStartArray("packages");
        foreach (var entry in model.Packages)
        {
            var p = entry.Package;
            w.WriteStartObject();
            w.WriteString("ref", entry.Reference);
            w.WriteString("type", p.Type.PurlType());
            JsonImageSection.WriteNullable(w, "namespace", p.Namespace);
            w.WriteString("name", p.Name);
            w.WriteString("version", p.Version);
            if (p.Epoch is { } epoch) w.WriteNumber("epoch", epoch);
            else w.WriteNull("epoch");
            JsonImageSection.WriteNullable(w, "architecture", p.Architecture);
            JsonImageSection.WriteNullable(w, "sourceName", p.SourceName);
            JsonImageSection.WriteNullable(w, "sourceVersion", p.SourceVersion);
            w.WriteString("purl", p.Purl);
            w.WriteStrings("licenses", p.Licenses);
            JsonImageSection.WriteNullable(w, "vendor", p.Vendor);
            JsonImageSection.WriteNullable(w, "maintainer", p.Maintainer);
            JsonImageSection.WriteNullable(w, "modularityLabel", p.ModularityLabel);
            w.WriteStrings("dependsOn", p.DependsOn);
            w.WriteStrings("files", p.Files.Order(StringComparer.Ordinal));
            w.WriteString("foundIn", p.FoundIn);
            w.WriteNumber("layerIndex", p.LayerIndex);
            // Only on the application's own manifest (Package.IsApplication), so other packages keep their shape.
            if (p.IsApplication) w.WriteBoolean("application", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("inventoryWarnings");
        foreach (var warning in inventory.Warnings.OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.LayerIndex).ThenBy(x => x.Message, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("path", warning.Path);
            if (warning.LayerIndex is { } l) w.WriteNumber("layerIndex", l);
            else w.WriteNull("layerIndex");
            w.WriteString("message", warning.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("partial", inventory.Partial);
    }
}
