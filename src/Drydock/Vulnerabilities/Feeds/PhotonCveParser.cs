using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// One entry of Photon OS's CVE metadata (<c>https://packages.broadcom.com/photon/photon_cve_metadata/cve_data_photonX.json</c>,
/// also vuln-list's per-CVE copies with <c>os_version</c>): <c>{cve_id, pkg, cve_score, aff_ver, res_ver, status}</c>.
/// <c>res_ver</c> is the first fixed release; <c>NA</c> (or empty) means no fix yet, so the package is affected in every
/// version (as vunnel reads it); <c>status: "Not Affected"</c> is a not-affected statement. The severity is the band of
/// <c>cve_score</c> (a CVSS v3 base score), as vunnel derives it.
/// </summary>
internal static class PhotonCveParser
{
    public const string SeveritySource = "photon";

    public static IEnumerable<AdvisoryRecord> Parse(JsonElement entry, string ns, string dataSource)
    {
        var id = OsvRecordParser.Str(entry, "cve_id");
        var package = OsvRecordParser.Str(entry, "pkg");
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(package))
            throw new FeedRecordException($"an entry without cve_id or pkg ({Abbreviate(entry)}); record skipped");
        double? score = entry.TryGetProperty("cve_score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null;
        var severity = SeverityNames.FromScore(score, "3.1");
        var fix = OsvRecordParser.Str(entry, "res_ver")?.Trim();
        var notAffected = string.Equals(OsvRecordParser.Str(entry, "status")?.Trim(), "Not Affected", StringComparison.OrdinalIgnoreCase);
        var hasFix = fix is { Length: > 0 } && !fix.Equals("NA", StringComparison.OrdinalIgnoreCase);
        yield return new AdvisoryRecord(
            score is { } value ? new VulnerabilityRecord { Id = id, Cvss = [new CvssRating(SeveritySource, "3.1", "", value, severity)] } : null,
            [
                RpmAdvisoryRow.Create(ns, package.Trim(), id.Trim(), notAffected || !hasFix ? null : fix,
                    notAffected ? VulnerabilityStatus.NotAffected : hasFix ? VulnerabilityStatus.Fixed : VulnerabilityStatus.Affected,
                    severity, SeveritySource, dataSource),
            ]);
    }

    private static string Abbreviate(JsonElement entry)
    {
        var text = entry.GetRawText();
        return text.Length <= 80 ? text : text[..80] + "…";
    }
}
