using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Controls.Trust.Notation;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Registry;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// CIS 4.5 with Notation signatures made in the test (a CA and leaf from .NET, a JWS envelope per the Notary Project
/// spec) and attached as referrers to a real docker-registry 2.8, which has no referrers API: Drydock finds them
/// through the tag-schema fallback <c>sha256-&lt;hex&gt;</c>.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class NotationRegistryTests(RegistryFixture fixture)
{
    private const string Release = "x509.subject: C=US, O=Example, CN=release";

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Notation_SignedByTrustedCaForTheIdentity_Cis45PassesNamingRuleSignerAndSource()
    {
        // Given
        using var signer = new NotationSigner("Drydock Test CA", "CN=release, O=Example, C=US");
        var (push, image) = await PushSignedAsync("notation/signed", signer);
        var store = signer.WriteTrustStore(TestRoot.Sub("notation", Guid.NewGuid().ToString("N")));

        // When
        var results = await RunAsync(push, "notation/signed", store, Release);

        // Then
        var cis45 = results["CIS-4.5"];
        Assert.Equal(ControlOutcome.Pass, cis45.Outcome);
        Assert.Contains("CN=release", cis45.Summary, StringComparison.Ordinal);
        Assert.Contains($"notation rule {push.Host}/notation/*", cis45.Summary, StringComparison.Ordinal);
        Assert.Contains($"found at notation/signed@sha256:", cis45.Summary, StringComparison.Ordinal);
        Assert.Contains(image.Digest, cis45.Summary, StringComparison.Ordinal);
        Assert.Equal(ControlOutcome.Pass, results["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Notation_WrongIdentity_Cis45FailsWithTheReason()
    {
        // Given
        using var signer = new NotationSigner("Drydock Test CA", "CN=intern, O=Example, C=US");
        var (push, _) = await PushSignedAsync("notation/wrong-identity", signer);
        var store = signer.WriteTrustStore(TestRoot.Sub("notation", Guid.NewGuid().ToString("N")));

        // When
        var results = await RunAsync(push, "notation/wrong-identity", store, Release);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.5"].Outcome);
        Assert.Contains("does not match the trusted identities", Assert.Single(results["CIS-4.5"].Evidence).Message, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Notation_UntrustedCa_Cis45FailsWithTheReason()
    {
        // Given: signed under one CA, the trust store holds another
        using var signer = new NotationSigner("Drydock Test CA", "CN=release, O=Example, C=US");
        using var stranger = new NotationSigner("Some Other CA", "CN=release, O=Example, C=US");
        var (push, _) = await PushSignedAsync("notation/untrusted", signer);
        var store = stranger.WriteTrustStore(TestRoot.Sub("notation", Guid.NewGuid().ToString("N")));

        // When
        var results = await RunAsync(push, "notation/untrusted", store, Release);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.5"].Outcome);
        Assert.Contains("does not contain any trusted certificate", Assert.Single(results["CIS-4.5"].Evidence).Message, StringComparison.Ordinal);
    }

    private async Task<(RegistryPush Push, Descriptor Image)> PushSignedAsync(string repository, NotationSigner signer)
    {
        var push = new RegistryPush(fixture.Server(RegistryMode.Plain).Host);
        var image = await TestImagePush.PushAsync(push, repository, "1", [TestImagePush.File("COPY hello.txt /app/", "app/hello.txt", repository)]);
        await Referrers.AttachAsync(push, repository, image, signer.SignJws(image), SignatureFetcher.NotationArtifactType, NotationEnvelope.JwsMediaType);
        return (push, image);
    }

    private Task<IReadOnlyDictionary<string, ControlResult>> RunAsync(RegistryPush push, string repository, string trustStore, string identity)
    {
        var policy = new DrydockPolicy
        {
            Notation = [new NotationRule($"{push.Host}/notation/*", trustStore, [TrustedIdentity.Parse(identity)], NotationLevel.Strict)],
        };
        var options = RegistrySourceTests.Options(fixture.Server(RegistryMode.Plain), null);
        return ControlPipeline.RunAsync($"{push.Host}/{repository}:1", options, policy);
    }
}
