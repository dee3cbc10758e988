using Drydock.Hosts.Audit;
using Drydock.Reports;

namespace Drydock.IntegrationTests.Reports;

[Trait("Category", "Integration")]
public sealed class HostAuditSarifSchemaTests
{
    [NodeFact]
    public async Task HostAuditSarif_FindingsNotificationsAndEveryLocationKind_ValidAgainstOfficialSchema()
    {
        // Given: an end-of-life engine, a dangling over-age container, an unused image with only unknown-severity
        // vulnerabilities, an image whose scan failed and a host that could not be reached
        const string host = "ssh://ops@web1";
        var report = new HostAuditReport(DateTimeOffset.UnixEpoch,
        [
            new AuditedHost(host, "1.41", null) { Findings = [new AuditVerdict(EngineFindings.EndOfLifeId, AuditVerdicts.Fail, "20.10 ended 2023-12-10")] },
            new AuditedHost("tcp://10.0.0.9:2376", null, "TLS handshake failed"),
        ],
        [
            new AuditedContainer
            {
                Host = host, Name = "worker", Id = "w1", Image = "jobs:2", ImageId = "sha256:eeee", Dangling = true, AgeDays = 400,
                VulnerabilityScanFailed = true, VulnerabilityError = "scan failed: export refused",
                Verdicts = [new AuditVerdict("DRYDOCK-MAX-AGE", AuditVerdicts.Fail, "400 days"), new AuditVerdict("DRYDOCK-DANGLING", AuditVerdicts.Fail, "untagged")],
            },
        ],
        [new AuditedImage { Host = host, Id = "sha256:ffff", Vulnerabilities = new ImageVulnerabilities(0, 0, 0, 0, 4) }]);
        using var stream = new MemoryStream();

        // When
        HostAuditSarifWriter.Write(report, stream);
        var (valid, output) = await SchemaValidator.ValidateAsync("sarif", System.Text.Encoding.UTF8.GetString(stream.ToArray()));

        // Then
        Assert.True(valid, output);
    }
}
