using System.Globalization;
using System.Text.Json;
using Drydock.Inventory;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>
/// SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): the image as the described root package (purpose CONTAINER),
/// the OS (OPERATING-SYSTEM), every package with its purl as a PACKAGE-MANAGER external reference and its declared
/// license as a valid expression (names outside the SPDX list become <c>LicenseRef-</c>s declared in
/// hasExtractedLicensingInfos), and relationships DESCRIBES, CONTAINS and DEPENDS_ON. The document namespace is a
/// UUIDv5 of the image digest and the report time, so the same report is byte-identical.
/// </summary>
internal sealed class SpdxReportWriter : IReportWriter
{
    private const string ImageId = "SPDXRef-Image";
    private const string OsId = "SPDXRef-OperatingSystem";

    public string Format => "spdx-json";

    public async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken)
    {
        var model = new ReportModel(report);
        var image = ImageIdentity.Of(report.Image);
        var licenses = new SpdxLicenseRefs();
        var declared = model.Packages.ToDictionary(e => e.SpdxId, e => licenses.Declared(e.Package.Licenses), StringComparer.Ordinal);
        var os = report.Inventory.Os;

        await using var w = ReportJson.Create(output);
        w.WriteStartObject();
        w.WriteString("spdxVersion", "SPDX-2.3");
        w.WriteString("dataLicense", "CC0-1.0");
        w.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        w.WriteString("name", image.Name);
        w.WriteString("documentNamespace", $"https://drydock.invalid/spdx/{Uri.EscapeDataString(image.Name)}-{DeterministicUuid.ForReport(report, Format)}");
        w.WriteStartObject("creationInfo");
        w.WriteString("created", ReportText.Time(report.GeneratedAt));
        w.WriteStrings("creators", [$"Tool: {ToolInfo.Name}-{report.ToolVersion}"]);
        w.WriteEndObject();
        w.WriteStrings("documentDescribes", [ImageId, .. model.Packages.Where(e => e.Package.IsApplication).Select(e => e.SpdxId)]);

        w.WriteStartArray("packages");
        WritePackage(w, ImageId, image.Name, image.Digest, "CONTAINER", "NOASSERTION", image.Purl, $"target: {report.Image.Target}; platform: {report.Image.Platform}");
        WritePackage(w, OsId, os.Family, os.Version, "OPERATING-SYSTEM", "NOASSERTION", null, os.PrettyName);
        foreach (var entry in model.Packages)
        {
            var p = entry.Package;
            var layer = report.Image.Layers.FirstOrDefault(l => l.Index == p.LayerIndex);
            var comment = $"layer {p.LayerIndex.ToString(CultureInfo.InvariantCulture)}" + (layer is null ? "" : $" ({layer.DiffId})") + $"; found in {p.FoundIn}";
            WritePackage(w, entry.SpdxId, p.Namespace is null ? p.Name : $"{p.Namespace}/{p.Name}", p.Version, p.IsApplication ? "APPLICATION" : "LIBRARY",
                declared[entry.SpdxId], p.Purl, comment, p.SourceName is null ? null : $"source package {p.SourceName} {p.SourceVersion}".TrimEnd(), p.Vendor);
        }
        w.WriteEndArray();

        if (licenses.Extracted.Count > 0)
        {
            w.WriteStartArray("hasExtractedLicensingInfos");
            foreach (var (id, name) in licenses.Extracted.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("licenseId", id);
                w.WriteString("name", name);
                w.WriteString("extractedText", name);
                w.WriteString("comment", "License named by the package database; not an SPDX license id.");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        w.WriteStartArray("relationships");
        WriteRelationship(w, "SPDXRef-DOCUMENT", "DESCRIBES", ImageId);
        foreach (var app in model.Packages.Where(e => e.Package.IsApplication)) WriteRelationship(w, "SPDXRef-DOCUMENT", "DESCRIBES", app.SpdxId);
        WriteRelationship(w, ImageId, "CONTAINS", OsId);
        foreach (var entry in model.Packages) WriteRelationship(w, ImageId, "CONTAINS", entry.SpdxId);
        var spdxIds = model.Packages.ToDictionary(e => e.Reference, e => e.SpdxId, StringComparer.Ordinal);
        foreach (var entry in model.Packages)
        {
            foreach (var dependency in model.Dependencies[entry.Reference]) WriteRelationship(w, entry.SpdxId, "DEPENDS_ON", spdxIds[dependency]);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await ReportJson.FinishAsync(w, output, cancellationToken);
    }

    private static void WritePackage(Utf8JsonWriter w, string id, string name, string version, string purpose, string licenseDeclared,
        string? purl, string? comment, string? sourceInfo = null, string? supplier = null)
    {
        w.WriteStartObject();
        w.WriteString("SPDXID", id);
        w.WriteString("name", name);
        if (version.Length > 0) w.WriteString("versionInfo", version);
        if (supplier is not null) w.WriteString("supplier", "Organization: " + supplier);
        w.WriteString("downloadLocation", "NOASSERTION");
        w.WriteBoolean("filesAnalyzed", false);
        w.WriteString("licenseConcluded", "NOASSERTION");
        w.WriteString("licenseDeclared", licenseDeclared);
        w.WriteString("copyrightText", "NOASSERTION");
        w.WriteStringIfNotNull("sourceInfo", sourceInfo);
        w.WriteString("primaryPackagePurpose", purpose);
        w.WriteStringIfNotNull("comment", comment);
        if (purl is not null)
        {
            w.WriteStartArray("externalRefs");
            w.WriteStartObject();
            w.WriteString("referenceCategory", "PACKAGE-MANAGER");
            w.WriteString("referenceType", "purl");
            w.WriteString("referenceLocator", purl);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter w, string element, string type, string related)
    {
        w.WriteStartObject();
        w.WriteString("spdxElementId", element);
        w.WriteString("relationshipType", type);
        w.WriteString("relatedSpdxElement", related);
        w.WriteEndObject();
    }
}
