using System.Text.Json;
using Drydock.Inventory;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>
/// CycloneDX 1.6 JSON (cyclonedx.org/docs/1.6/json): the image as metadata.component (type container), the OS as an
/// operating-system component, every package as a library with its purl, licenses and layer properties,
/// dependencies where the inventory records them, and one vulnerability per finding. With no findings it is the
/// plain SBOM <c>drydock sbom</c> writes. The serial number is a UUIDv5 of the image digest and the report time
/// (<see cref="DeterministicUuid"/>), so the same report is byte-identical.
/// </summary>
internal sealed class CycloneDxReportWriter : IReportWriter
{
    public string Format => "cyclonedx";

    public async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken)
    {
        var model = new ReportModel(report);
        var image = ImageIdentity.Of(report.Image);
        var os = report.Inventory.Os;
        var osRef = $"os:{os.Family}@{os.Version}";
        await using var w = ReportJson.Create(output);
        w.WriteStartObject();
        w.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        w.WriteString("bomFormat", "CycloneDX");
        w.WriteString("specVersion", "1.6");
        w.WriteString("serialNumber", "urn:uuid:" + DeterministicUuid.ForReport(report, Format));
        w.WriteNumber("version", 1);
        WriteMetadata(w, report, image);

        w.WriteStartArray("components");
        w.WriteStartObject();
        w.WriteString("bom-ref", osRef);
        w.WriteString("type", "operating-system");
        w.WriteString("name", os.Family);
        if (os.Version.Length > 0) w.WriteString("version", os.Version);
        w.WriteStringIfNotNull("description", os.PrettyName);
        WriteProperties(w, [("drydock:os:codename", os.Codename), ("drydock:os:source", os.Source), ("drydock:os:distroless", os.Distroless ? "true" : null)]);
        w.WriteEndObject();
        foreach (var entry in model.Packages) CycloneDxComponent.Write(w, entry, report.Image);
        w.WriteEndArray();

        WriteDependencies(w, model, image.Purl, osRef);
        if (model.Findings.Count > 0) CycloneDxVulnerabilities.Write(w, model);
        w.WriteEndObject();
        await ReportJson.FinishAsync(w, output, cancellationToken);
    }

    private static void WriteMetadata(Utf8JsonWriter w, ScanReport report, ImageIdentity image)
    {
        w.WriteStartObject("metadata");
        w.WriteString("timestamp", ReportText.Time(report.GeneratedAt));
        w.WriteStartObject("tools");
        w.WriteStartArray("components");
        w.WriteStartObject();
        w.WriteString("type", "application");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", report.ToolVersion);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("component");
        w.WriteString("bom-ref", image.Purl);
        w.WriteString("type", "container");
        w.WriteString("name", image.Name);
        w.WriteString("version", image.Digest);
        w.WriteString("purl", image.Purl);
        WriteProperties(w,
        [
            ("drydock:image:id", report.Image.Id),
            ("drydock:image:platform", report.Image.Platform),
            ("drydock:image:reference", report.Image.Reference),
            ("drydock:image:target", report.Image.Target),
        ]);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // The image depends on its OS and its language packages, the OS on its packages (Trivy's shape), and each
    // package on what its database says it depends on.
    private static void WriteDependencies(Utf8JsonWriter w, ReportModel model, string imageRef, string osRef)
    {
        w.WriteStartArray("dependencies");
        WriteDependency(w, imageRef, [osRef, .. model.Packages.Where(p => !p.Package.Type.IsOsPackage()).Select(p => p.Reference)]);
        WriteDependency(w, osRef, model.Packages.Where(p => p.Package.Type.IsOsPackage()).Select(p => p.Reference).ToList());
        foreach (var entry in model.Packages)
        {
            if (model.Dependencies[entry.Reference] is { Count: > 0 } deps) WriteDependency(w, entry.Reference, deps);
        }
        w.WriteEndArray();
    }

    private static void WriteDependency(Utf8JsonWriter w, string reference, IReadOnlyList<string> dependsOn)
    {
        w.WriteStartObject();
        w.WriteString("ref", reference);
        w.WriteStrings("dependsOn", dependsOn);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>properties</c> (name/value pairs, null values left out), or nothing when all are null.</summary>
    internal static void WriteProperties(Utf8JsonWriter w, IEnumerable<(string Name, string? Value)> properties)
    {
        var kept = properties.Where(p => p.Value is not null).ToList();
        if (kept.Count == 0) return;
        w.WriteStartArray("properties");
        foreach (var (name, value) in kept)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
