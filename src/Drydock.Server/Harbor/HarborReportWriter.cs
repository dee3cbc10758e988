using System.Text.Json;
using Drydock.Server.Scanning;

namespace Drydock.Server.Harbor;

/// <summary>
/// Writes Harbor's report documents with <see cref="Utf8JsonWriter"/> (AOT-safe, and optional fields are left out
/// rather than written as null, which the spec's string types would not allow).
/// </summary>
internal static class HarborReportWriter
{
    /// <summary>The artifact as Harbor named it in its scan request (kept in the job's details).</summary>
    internal sealed record Artifact(string Repository, string Digest, string? Tag, string? MimeType);

    /// <summary>A writer that leaves '+' and quotes readable (the media types are full of them); the output is still strict JSON.</summary>
    public static Utf8JsonWriter Create(Stream stream) =>
        new(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static void WriteScanner(Utf8JsonWriter w)
    {
        w.WriteStartObject("scanner");
        w.WriteString("name", "Drydock");
        w.WriteString("vendor", "Drydock");
        w.WriteString("version", ToolInfo.Version);
        w.WriteEndObject();
    }

    /// <summary><c>HarborVulnerabilityReport</c>: the findings, and the highest severity among them (Unknown when there is none).</summary>
    public static void WriteVulnerabilities(Utf8JsonWriter w, DateTimeOffset generated, Artifact artifact, IReadOnlyList<StoredFinding> findings)
    {
        w.WriteStartObject();
        WriteHeader(w, generated, artifact);
        var highest = findings.Select(f => Rank(f.Severity)).DefaultIfEmpty(0).Max();
        w.WriteString("severity", Names[highest]);
        w.WriteStartArray("vulnerabilities");
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("id", f.VulnerabilityId);
            w.WriteString("package", f.Package);
            w.WriteString("version", f.InstalledVersion);
            if (f.FixedVersion is not null) w.WriteString("fix_version", f.FixedVersion);
            w.WriteString("severity", Names[Rank(f.Severity)]);
            if (f.Description is not null) w.WriteString("description", f.Description);
            w.WriteStartArray("links");
            foreach (var link in f.Links.Where(l => Uri.IsWellFormedUriString(l, UriKind.Absolute))) w.WriteStringValue(link);
            w.WriteEndArray();
            w.WriteStartObject("vendor_attributes");
            w.WriteString("status", f.Status);
            w.WriteString("purl", f.Purl);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>HarborSbomReport</c>: the stored SBOM document (<paramref name="sbom"/>, JSON) in <paramref name="mediaType"/>.</summary>
    public static void WriteSbom(Utf8JsonWriter w, DateTimeOffset generated, Artifact artifact, string mediaType, byte[] sbom)
    {
        w.WriteStartObject();
        WriteHeader(w, generated, artifact);
        w.WriteString("media_type", mediaType);
        w.WritePropertyName("sbom");
        w.WriteRawValue(sbom, skipInputValidation: false);
        w.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter w, DateTimeOffset generated, Artifact artifact)
    {
        w.WriteString("generated_at", generated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteStartObject("artifact");
        w.WriteString("repository", artifact.Repository);
        w.WriteString("digest", artifact.Digest);
        if (artifact.Tag is not null) w.WriteString("tag", artifact.Tag);
        if (artifact.MimeType is not null) w.WriteString("mime_type", artifact.MimeType);
        w.WriteEndObject();
        WriteScanner(w);
    }

    // Harbor's Severity enum, indexed by Drydock's severity order (negligible is already folded into Low).
    private static readonly string[] Names = ["Unknown", "Low", "Medium", "High", "Critical"];

    private static int Rank(string severity) => severity switch
    {
        "CRITICAL" => 4,
        "HIGH" => 3,
        "MEDIUM" => 2,
        "LOW" => 1,
        _ => 0,
    };
}
