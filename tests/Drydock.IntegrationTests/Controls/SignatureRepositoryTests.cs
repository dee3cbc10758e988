using System.Text.Json.Nodes;
using Drydock.Cli;
using Drydock.Controls;
using Drydock.Controls.Trust;
using Drydock.Controls.Trust.Notation;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Registry;
using Drydock.Policy;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Signatures kept in another repository than the image (issue 15 item 4: <c>signatureRepository</c>,
/// <c>--signature-repository</c>), against a real docker-registry 2.8: a cosign signature written where
/// <c>COSIGN_REPOSITORY</c> puts it, and a Notation referrer pushed to the signature repository (found through the
/// <c>sha256-&lt;hex&gt;</c> tag-schema fallback, as 2.8 has no referrers API), for a registry target and for an OCI
/// layout copied from the registry with its manifest unchanged.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SignatureRepositoryTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task Cosign_InSignatureRepository_RegistryTargetPassesOnlyWhenTheRepositoryIsNamed()
    {
        // Given: the signature is not beside the image but in apart/signatures
        using var push = new RegistryPush(fixture.Server(RegistryMode.Plain).Host);
        var keys = await SigningKeys.CreateAsync(TestRoot.Sub("keys", Guid.NewGuid().ToString("N")), "required");
        var image = await TestImagePush.PushAsync(push, "apart/app", "1", [TestImagePush.File("COPY hello.txt /app/", "app/hello.txt", "apart/app")]);
        var payload = SigningKeys.SimpleSigningPayload($"{push.Host}/apart/app", Digest.Parse(image.Digest));
        await SignatureRegistryTests.AttachCosignAsync(push, "apart/signatures", image, payload, await keys.SignAsync(payload));
        var policy = new DrydockPolicy { RequiredSigners = [new RequiredSigner($"{push.Host}/apart/*", [keys.PublicKey])] };
        var options = RegistrySourceTests.Options(fixture.Server(RegistryMode.Plain), null);

        // When
        var beside = await ControlPipeline.RunAsync($"{push.Host}/apart/app:1", options, policy);
        var apart = await ControlPipeline.RunAsync($"{push.Host}/apart/app:1", options,
            policy with { SignatureRepository = SignatureRepositoryName.Parse($"{push.Host}/apart/signatures") });

        // Then
        Assert.Equal(ControlOutcome.Fail, beside["CIS-4.5"].Outcome);
        Assert.Equal(ControlOutcome.Pass, apart["CIS-4.5"].Outcome);
        Assert.Contains($"{push.Host}/apart/signatures:sha256-{Digest.Parse(image.Digest).Hex}.sig", apart["CIS-4.5"].Summary, StringComparison.Ordinal);
        Assert.Equal(ControlOutcome.Pass, apart["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Notation_ReferrerInSignatureRepository_OciLayoutTargetPassesThroughTheCli()
    {
        // Given: an OCI image copied to a layout byte for byte, its Notation signature pushed to apart/signatures
        using var push = new RegistryPush(fixture.Server(RegistryMode.Plain).Host);
        var image = await TestImagePush.PushAsync(push, "apart/layout", "1", [TestImagePush.File("COPY hello.txt /app/", "app/hello.txt", "apart/layout")],
            annotations: new Dictionary<string, string> { ["org.opencontainers.image.title"] = "apart" });
        using var signer = new NotationSigner("Drydock Test CA", "CN=release, O=Example, C=US");
        await Referrers.AttachAsync(push, "apart/signatures", image, signer.SignJws(image), SignatureFetcher.NotationArtifactType, NotationEnvelope.JwsMediaType);
        var dir = TestRoot.Sub("signature-repository", Guid.NewGuid().ToString("N"));
        var layout = Path.Combine(dir, "layout");
        await ExternalProcess.RunAsync("skopeo", ["copy", "--preserve-digests", "--src-tls-verify=false", $"docker://{push.Host}/apart/layout:1", $"oci:{layout}:1"], TimeSpan.FromMinutes(2));
        var store = signer.WriteTrustStore(Path.Combine(dir, "truststore"));
        var policy = Path.Combine(dir, "drydock.yaml");
        await File.WriteAllTextAsync(policy, $"""
            notation:
              - repositories: {push.Host}/apart/*
                trustStore: {store}
                trustedIdentities: ["x509.subject: C=US, O=Example, CN=release"]
            """);

        // When
        var (exit, named) = await ScanAsync(layout, policy, "--signature-repository", $"{push.Host}/apart/signatures", "--insecure-registry", push.Host);
        var (_, unnamed) = await ScanAsync(layout, policy);

        // Then
        Assert.Equal(0, exit);
        var cis45 = Control(named, "CIS-4.5");
        Assert.Equal("pass", (string?)cis45["outcome"]);
        Assert.Contains($"found at {push.Host}/apart/signatures@sha256:", (string?)cis45["summary"], StringComparison.Ordinal);
        Assert.Contains(image.Digest, (string?)cis45["summary"], StringComparison.Ordinal);
        Assert.Equal("pass", (string?)Control(named, "CIS-4.12")["outcome"]);
        Assert.Equal("skip", (string?)Control(unnamed, "CIS-4.5")["outcome"]);
        Assert.Equal(ImageSignatures.NotFromRegistryReason, (string?)Control(unnamed, "CIS-4.5")["summary"]);
    }

    private static async Task<(int Exit, JsonNode Report)> ScanAsync(string layout, string policy, params string[] extra)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DrydockCli.RunAsync(["image", $"oci:{layout}:1", "--scanners", "controls", "--freshness", "never", "--no-cache", "-f", "json", "--policy", policy, .. extra], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        return (exit, JsonNode.Parse(stdout.ToString())!);
    }

    private static JsonNode Control(JsonNode report, string id) =>
        report["controls"]!.AsArray().Single(c => (string?)c!["id"] == id)!;
}
