namespace Drydock.Server.Harbor;

/// <summary>The media types of Harbor's Pluggable Scanner API v1.2 (../shared/testdata/harbor-scanner-spec, DERIVED_operations.tsv).</summary>
internal static class HarborMediaTypes
{
    public const string Metadata = "application/vnd.scanner.adapter.metadata+json; version=1.1";
    public const string ScanRequest10 = "application/vnd.scanner.adapter.scan.request+json; version=1.0";
    public const string ScanRequest11 = "application/vnd.scanner.adapter.scan.request+json; version=1.1";
    public const string ScanResponse = "application/vnd.scanner.adapter.scan.response+json; version=1.0";
    public const string Error = "application/vnd.scanner.adapter.error+json; version=1.0";
    public const string VulnerabilityReportHarbor = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
    public const string VulnerabilityReport11 = "application/vnd.security.vulnerability.report; version=1.1";
    public const string SbomReport = "application/vnd.security.sbom.report+json; version=1.0";
    public const string Spdx = "application/spdx+json";
    public const string CycloneDx = "application/vnd.cyclonedx+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static IReadOnlyList<string> SbomMediaTypes { get; } = [Spdx, CycloneDx];

    /// <summary>A media type compared without case and spaces (Harbor writes <c>a; version=1.1</c>, others <c>a;version=1.1</c>).</summary>
    public static string Normalize(string mediaType) => mediaType.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    public static bool Same(string a, string b) => Normalize(a) == Normalize(b);
}
