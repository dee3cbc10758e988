using System.Text;
using System.Text.Json;
using Drydock.Server.Harbor;

namespace Drydock.Tests.Server;

/// <summary>Harbor's ScanRequest: the reference scanned, the in-memory credential, and the status each bad field answers with.</summary>
public sealed class HarborScanRequestTests
{
    private const string Digest = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

    private static string Body(string url = "https://core.harbor.domain", string authorization = "", string digest = Digest, string extra = "") =>
        $$"""{"registry": {"url": "{{url}}", "authorization": "{{authorization}}"}, "artifact": {"repository": "library/mongo", "digest": "{{digest}}", "tag": "3.14", "mime_type": "application/vnd.docker.distribution.manifest.v2+json"}{{extra}}}""";

    private static HarborScanRequest Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return HarborScanRequest.Parse(doc.RootElement);
    }

    [Fact]
    public void Parse_BasicAuthorization_CredentialAndDigestReference()
    {
        // Given
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot$scanner:pa:ss"));

        // When
        var request = Parse(Body("https://core.harbor.domain:8443", basic));

        // Then
        Assert.Equal($"core.harbor.domain:8443/library/mongo@{Digest}", request.Reference);
        Assert.False(request.PlainHttp);
        Assert.Equal(("robot$scanner", "pa:ss"), (request.Credential!.Username, request.Credential.Password));
        Assert.DoesNotContain("pa:ss", request.Credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoAuthorizationPlainHttp_AnonymousAndPlain()
    {
        // When
        var request = Parse(Body("http://registry.local"));

        // Then
        Assert.Null(request.Credential);
        Assert.True(request.PlainHttp);
        Assert.Equal("registry.local", request.RegistryHost);
    }

    [Theory]
    [InlineData("""{"artifact": {}}""", 422, "'registry' is required")]
    [InlineData("""{"registry": {"url": "ftp://x"}, "artifact": {"repository": "a", "digest": "sha256:00"}}""", 422, "not an http or https URL")]
    [InlineData("""{"registry": {"url": "https://x"}, "artifact": {"digest": "sha256:00"}}""", 422, "artifact.repository is required")]
    [InlineData("""{"registry": {"url": "https://x"}, "artifact": {"repository": "a", "digest": "md5"}}""", 422, "is not a digest")]
    [InlineData("""{"registry": {"url": "https://x", "authorization": "Bearer t"}, "artifact": {"repository": "a", "digest": "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b"}}""", 422, "must be 'Basic")]
    [InlineData("""{"registry": {"url": "https://x", "authorization": "Basic !!"}, "artifact": {"repository": "a", "digest": "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b"}}""", 422, "not valid base64")]
    [InlineData("""{"registry": {"url": "https://x"}, "artifact": {"repository": "a", "digest": "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b", "mime_type": "application/vnd.oci.image.index.v1+json"}}""", 501, "not an image manifest")]
    public void Parse_BadField_StatusAndMessage(string json, int status, string message)
    {
        // When
        var e = Assert.Throws<HarborRequestException>(() => Parse(json));

        // Then
        Assert.Equal(status, e.Status);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type": "vulnerability", "produces_mime_types": ["application/vnd.security.vulnerability.report; version=1.1"]}""", 0)]
    [InlineData("""{"type": "sbom", "produces_mime_types": ["application/vnd.security.sbom.report+json; version=1.0"], "parameters": null}""", 0)]
    [InlineData("""{"type": "vulnerability", "produces_mime_types": ["application/x-pdf"]}""", 501)]
    [InlineData("""{"type": "malware"}""", 422)]
    public void Parse_EnabledCapabilities_AcceptedOrRefused(string capability, int status)
    {
        // Given
        var json = Body(extra: $", \"enabled_capabilities\": [{capability}]");

        // When
        var error = Record.Exception(() => Parse(json));

        // Then
        Assert.Equal(status, (error as HarborRequestException)?.Status ?? 0);
    }
}
