using System.Globalization;
using System.Text.Json;
using Drydock.Inventory;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>Writes one package as a CycloneDX 1.6 <c>component</c> of type library.</summary>
internal static class CycloneDxComponent
{
    public static void Write(Utf8JsonWriter w, PackageEntry entry, ImageSummary image)
    {
        var p = entry.Package;
        w.WriteStartObject();
        w.WriteString("bom-ref", entry.Reference);
        w.WriteString("type", p.IsApplication ? "application" : "library");
        if (p.Vendor is not null)
        {
            w.WriteStartObject("supplier");
            w.WriteString("name", p.Vendor);
            w.WriteEndObject();
        }
        w.WriteStringIfNotNull("group", p.Namespace);
        w.WriteString("name", p.Name);
        w.WriteString("version", p.Version);
        WriteLicenses(w, p.Licenses);
        w.WriteString("purl", p.Purl);
        var layer = image.Layers.FirstOrDefault(l => l.Index == p.LayerIndex);
        CycloneDxReportWriter.WriteProperties(w,
        [
            ("drydock:layer:diffId", layer?.DiffId),
            ("drydock:layer:digest", layer?.Digest),
            ("drydock:layer:index", p.LayerIndex.ToString(CultureInfo.InvariantCulture)),
            ("drydock:package:architecture", p.Architecture),
            ("drydock:package:epoch", p.Epoch?.ToString(CultureInfo.InvariantCulture)),
            ("drydock:package:foundIn", p.FoundIn),
            ("drydock:package:maintainer", p.Maintainer),
            ("drydock:package:modularityLabel", p.ModularityLabel),
            ("drydock:package:sourceName", p.SourceName),
            ("drydock:package:sourceVersion", p.SourceVersion),
            ("drydock:package:type", p.Type.PurlType()),
        ]);
        w.WriteEndObject();
    }

    /// <summary>
    /// CycloneDX allows either license choices (<c>{"license":{"id"|"name"}}</c>) or exactly one expression. Known
    /// ids are ids, other text is a name; when some entry is an expression and all entries are valid SPDX, they are
    /// joined into one AND expression, otherwise every entry stays a named license.
    /// </summary>
    internal static void WriteLicenses(Utf8JsonWriter w, IReadOnlyList<string> licenses)
    {
        if (licenses.Count == 0) return;
        var classified = licenses.Select(l => (Kind: LicenseExpression.Classify(l, out var n), Text: n)).Distinct().ToList();
        w.WriteStartArray("licenses");
        if (classified.Any(c => c.Kind == LicenseExpression.Kind.Expression) && classified.All(c => c.Kind != LicenseExpression.Kind.Name))
        {
            w.WriteStartObject();
            w.WriteString("expression", classified.Count == 1
                ? classified[0].Text
                : string.Join(" AND ", classified.Select(c => c.Kind == LicenseExpression.Kind.Expression ? $"({c.Text})" : c.Text)));
            w.WriteEndObject();
        }
        else
        {
            foreach (var (kind, text) in classified)
            {
                w.WriteStartObject();
                w.WriteStartObject("license");
                w.WriteString(kind == LicenseExpression.Kind.Id ? "id" : "name", text);
                w.WriteEndObject();
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    }
}
