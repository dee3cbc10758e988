using System.Globalization;
using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>
/// Writes CycloneDX 1.6 <c>vulnerabilities</c>: one per finding, with the vendor's rating and each CVSS rating,
/// the affected component(s) by bom-ref with the installed version affected and the fixed version unaffected, and
/// the impact analysis only where the gate suppressed the finding (VEX, waiver, baseline, grace period).
/// </summary>
internal static class CycloneDxVulnerabilities
{
    public static void Write(Utf8JsonWriter w, ReportModel model)
    {
        w.WriteStartArray("vulnerabilities");
        foreach (var f in model.Findings)
        {
            w.WriteStartObject();
            w.WriteString("id", f.VulnerabilityId);
            w.WriteStartObject("source");
            w.WriteString("name", f.DataSource);
            w.WriteEndObject();
            WriteReferences(w, f);
            WriteRatings(w, f);
            w.WriteStringIfNotNull("description", f.Title ?? f.Description);
            if (f.Title is not null) w.WriteStringIfNotNull("detail", f.Description);
            if (f.FixedVersion is not null) w.WriteString("recommendation", $"Upgrade {f.PackageName} to {f.FixedVersion}");
            if (f.References.Count > 0)
            {
                w.WriteStartArray("advisories");
                foreach (var url in f.References)
                {
                    w.WriteStartObject();
                    w.WriteString("url", url);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (f.Published is { } published) w.WriteString("published", ReportText.Time(published));
            if (f.Modified is { } modified) w.WriteString("updated", ReportText.Time(modified));
            CycloneDxAnalysis.Write(w, f.Suppression);
            WriteAffects(w, model, f);
            CycloneDxReportWriter.WriteProperties(w,
            [
                ("drydock:layer:index", f.LayerIndex.ToString(CultureInfo.InvariantCulture)),
                ("drydock:status", ReportText.Status(f.Status)),
                ("drydock:statusDetail", f.StatusDetail),
            ]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    // Aliases are the same vulnerability in other databases; CVE and GHSA ids say which database they belong to.
    private static void WriteReferences(Utf8JsonWriter w, Finding f)
    {
        var aliases = f.Aliases.Where(a => a != f.VulnerabilityId).Order(StringComparer.Ordinal).ToList();
        if (aliases.Count == 0) return;
        w.WriteStartArray("references");
        foreach (var alias in aliases)
        {
            w.WriteStartObject();
            w.WriteString("id", alias);
            w.WriteStartObject("source");
            if (alias.StartsWith("CVE-", StringComparison.Ordinal))
            {
                w.WriteString("name", "NVD");
                w.WriteString("url", "https://nvd.nist.gov/vuln/detail/" + alias);
            }
            else if (alias.StartsWith("GHSA-", StringComparison.Ordinal))
            {
                w.WriteString("name", "GitHub Advisory Database");
                w.WriteString("url", "https://github.com/advisories/" + alias);
            }
            else
            {
                w.WriteString("name", f.DataSource);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteRatings(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartArray("ratings");
        w.WriteStartObject();
        w.WriteStartObject("source");
        w.WriteString("name", f.SeveritySource ?? f.DataSource);
        w.WriteEndObject();
        w.WriteString("severity", ReportText.Lower(f.Severity));
        w.WriteString("method", "other");
        w.WriteEndObject();
        foreach (var c in f.Cvss.OrderBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => c.Version, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteStartObject("source");
            w.WriteString("name", c.Source);
            w.WriteEndObject();
            if (c.BaseScore is { } score)
            {
                w.WriteNumber("score", score);
                w.WriteString("severity", CvssSeverity(score));
            }
            w.WriteString("method", c.Version switch
            {
                "4.0" => "CVSSv4",
                "3.1" => "CVSSv31",
                "3.0" => "CVSSv3",
                "2.0" => "CVSSv2",
                _ => "other",
            });
            w.WriteString("vector", c.Vector);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The qualitative rating of a base score (CVSS v3.1 specification §5, same bands in v4.0).</summary>
    private static string CvssSeverity(double score) => score switch
    {
        >= 9.0 => "critical",
        >= 7.0 => "high",
        >= 4.0 => "medium",
        > 0.0 => "low",
        _ => "none",
    };

    private static void WriteAffects(Utf8JsonWriter w, ReportModel model, Finding f)
    {
        // Only components of this BOM can be referenced; a finding whose package the inventory lacks names none.
        var refs = model.ByPurl[f.PackagePurl].Select(e => e.Reference).ToList();
        if (refs.Count == 0) return;
        w.WriteStartArray("affects");
        foreach (var reference in refs)
        {
            w.WriteStartObject();
            w.WriteString("ref", reference);
            w.WriteStartArray("versions");
            WriteVersion(w, f.InstalledVersion, f.Status == VulnerabilityStatus.NotAffected ? "unaffected" : "affected");
            if (f.FixedVersion is not null) WriteVersion(w, f.FixedVersion, "unaffected");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteVersion(Utf8JsonWriter w, string version, string status)
    {
        w.WriteStartObject();
        w.WriteString("version", version);
        w.WriteString("status", status);
        w.WriteEndObject();
    }
}
