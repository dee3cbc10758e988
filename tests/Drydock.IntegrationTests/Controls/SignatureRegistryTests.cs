using System.Text.Json;
using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Registry;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// CIS 4.5 / 4.12 against a real docker-registry on 127.0.0.1: cosign signatures laid out by hand (openssl, the
/// <c>sha256-&lt;hex&gt;.sig</c> tag) and Sigstore bundles made by sigstore-js, attached as OCI referrers. Distribution 2.8
/// has no referrers API, so what runs here is the referrers tag-schema fallback (an index at <c>sha256-&lt;hex&gt;</c>).
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SignatureRegistryTests(RegistryFixture fixture)
{
    private const string BundleType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static readonly byte[] EmptyJson = "{}"u8.ToArray();

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task Cosign_SignedByRequiredKey_Cis45AndCis412Pass()
    {
        // Given
        var (push, keys, _) = await SetUpAsync();
        var image = await PushImageAsync(push, "signed/right");
        var payload = SigningKeys.SimpleSigningPayload($"{push.Host}/signed/right", Digest.Parse(image.Digest));
        await AttachCosignAsync(push, "signed/right", image, payload, await keys.SignAsync(payload));

        // When
        var results = await RunAsync(push, "signed/right", keys);

        // Then
        Assert.Equal(ControlOutcome.Pass, results["CIS-4.5"].Outcome);
        Assert.Contains(image.Digest, results["CIS-4.5"].Summary, StringComparison.Ordinal);
        Assert.Equal(ControlOutcome.Pass, results["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task Cosign_SignedByOtherKey_Cis45AndCis412Fail()
    {
        // Given
        var (push, keys, other) = await SetUpAsync();
        var image = await PushImageAsync(push, "signed/wrong-key");
        var payload = SigningKeys.SimpleSigningPayload($"{push.Host}/signed/wrong-key", Digest.Parse(image.Digest));
        await AttachCosignAsync(push, "signed/wrong-key", image, payload, await other.SignAsync(payload));

        // When
        var results = await RunAsync(push, "signed/wrong-key", keys);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.5"].Outcome);
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.12"].Outcome);
        Assert.Contains("does not verify with any required key", Assert.Single(results["CIS-4.12"].Evidence).Message, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task Unsigned_Cis45FailsAndCis412Skips()
    {
        // Given
        var (push, keys, _) = await SetUpAsync();
        await PushImageAsync(push, "signed/none");

        // When
        var results = await RunAsync(push, "signed/none", keys);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.5"].Outcome);
        Assert.Equal("The image is not signed.", results["CIS-4.5"].Summary);
        Assert.Equal(ControlOutcome.Skip, results["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task Cosign_SignatureOverAnotherDigest_Cis412Fails()
    {
        // Given: a valid signature by the right key, but over another image's digest, copied under this image's .sig tag
        var (push, keys, _) = await SetUpAsync();
        var image = await PushImageAsync(push, "signed/moved");
        var elsewhere = await PushImageAsync(push, "signed/moved-from");
        var payload = SigningKeys.SimpleSigningPayload($"{push.Host}/signed/moved-from", Digest.Parse(elsewhere.Digest));
        await AttachCosignAsync(push, "signed/moved", image, payload, await keys.SignAsync(payload));

        // When
        var results = await RunAsync(push, "signed/moved", keys);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.5"].Outcome);
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.12"].Outcome);
        Assert.Contains($"signature is over {elsewhere.Digest}, not this image ({image.Digest})", Assert.Single(results["CIS-4.12"].Evidence).Message, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task Cosign_TamperedPayload_Cis412Fails()
    {
        // Given: the payload was changed after signing (identity rewritten), the signature kept
        var (push, keys, _) = await SetUpAsync();
        var image = await PushImageAsync(push, "signed/tampered");
        var payload = SigningKeys.SimpleSigningPayload($"{push.Host}/signed/tampered", Digest.Parse(image.Digest));
        var signature = await keys.SignAsync(payload);
        var tampered = SigningKeys.SimpleSigningPayload($"{push.Host}/signed/evil", Digest.Parse(image.Digest));
        await AttachCosignAsync(push, "signed/tampered", image, tampered, signature);

        // When
        var results = await RunAsync(push, "signed/tampered", keys);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.5"].Outcome);
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task NoRequiredSignerForRepository_Cis45AndCis412Skip()
    {
        // Given
        var (push, keys, _) = await SetUpAsync();
        await PushImageAsync(push, "unsigned-team/app");

        // When
        var results = await RunAsync(push, "unsigned-team/app", keys);

        // Then
        Assert.Equal(ControlOutcome.Skip, results["CIS-4.5"].Outcome);
        Assert.Contains("No required signer in the policy covers", results["CIS-4.5"].Summary, StringComparison.Ordinal);
        Assert.Equal(ControlOutcome.Skip, results["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl", "node", "npm")]
    public async Task SigstoreBundle_RightKeyViaReferrersTagFallback_Cis45AndCis412Pass()
    {
        // Given
        var (push, keys, _) = await SetUpAsync();
        var (image, manifest) = await PushImageWithBytesAsync(push, "bundled/right");
        await AttachBundleAsync(push, "bundled/right", image, await SigstoreBundles.SignAsync(manifest, keys));

        // When
        var results = await RunAsync(push, "bundled/right", keys);

        // Then
        Assert.Equal(ControlOutcome.Pass, results["CIS-4.5"].Outcome);
        Assert.Contains("SigstoreBundle", results["CIS-4.5"].Summary, StringComparison.Ordinal);
        Assert.Equal(ControlOutcome.Pass, results["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl", "node", "npm")]
    public async Task SigstoreBundle_OtherKey_Cis45AndCis412Fail()
    {
        // Given
        var (push, keys, other) = await SetUpAsync();
        var (image, manifest) = await PushImageWithBytesAsync(push, "bundled/wrong-key");
        await AttachBundleAsync(push, "bundled/wrong-key", image, await SigstoreBundles.SignAsync(manifest, other));

        // When
        var results = await RunAsync(push, "bundled/wrong-key", keys);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.5"].Outcome);
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.12"].Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl", "node", "npm")]
    public async Task SigstoreBundle_OverAnotherManifest_Cis412Fails()
    {
        // Given: a bundle by the right key over another image's manifest, attached to this image
        var (push, keys, _) = await SetUpAsync();
        var (image, _) = await PushImageWithBytesAsync(push, "bundled/moved");
        var (elsewhere, otherManifest) = await PushImageWithBytesAsync(push, "bundled/moved-from");
        await AttachBundleAsync(push, "bundled/moved", image, await SigstoreBundles.SignAsync(otherManifest, keys));

        // When
        var results = await RunAsync(push, "bundled/moved", keys);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.12"].Outcome);
        Assert.Contains($"signature is over {elsewhere.Digest}", Assert.Single(results["CIS-4.12"].Evidence).Message, StringComparison.Ordinal);
    }

    private async Task<(RegistryPush Push, SigningKeys Keys, SigningKeys Other)> SetUpAsync()
    {
        var server = fixture.Server(RegistryMode.Plain);
        var dir = TestRoot.Sub("keys", Guid.NewGuid().ToString("N"));
        return (new RegistryPush(server.Host), await SigningKeys.CreateAsync(dir, "required"), await SigningKeys.CreateAsync(dir, "other"));
    }

    private Task<IReadOnlyDictionary<string, ControlResult>> RunAsync(RegistryPush push, string repository, SigningKeys keys)
    {
        var policy = new DrydockPolicy
        {
            RequiredSigners =
            [
                new RequiredSigner($"{push.Host}/signed/*", [keys.PublicKey]),
                new RequiredSigner($"{push.Host}/bundled/*", [keys.PublicKey]),
            ],
        };
        var options = RegistrySourceTests.Options(fixture.Server(RegistryMode.Plain), null);
        return ControlPipeline.RunAsync($"{push.Host}/{repository}:1", options, policy);
    }

    private static async Task<Descriptor> PushImageAsync(RegistryPush push, string repository) =>
        (await PushImageWithBytesAsync(push, repository)).Image;

    /// <summary>A one-layer image, different per repository (so digests differ), and its manifest bytes.</summary>
    private static async Task<(Descriptor Image, byte[] Manifest)> PushImageWithBytesAsync(RegistryPush push, string repository)
    {
        var image = await TestImagePush.PushAsync(push, repository, "1", [TestImagePush.File("COPY hello.txt /app/", "app/hello.txt", repository)]);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{push.Host}/v2/{repository}/manifests/{image.Digest}");
        request.Headers.Accept.Add(new(image.MediaType));
        using var response = await http.SendAsync(request);
        return (image, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>cosign's layout: an OCI manifest at tag <c>sha256-&lt;hex&gt;.sig</c>, one simple-signing layer per signature.</summary>
    internal static async Task AttachCosignAsync(RegistryPush push, string repository, Descriptor image, byte[] payload, string signature)
    {
        var config = await push.BlobAsync(repository, EmptyJson, MediaTypes.OciEmpty);
        var layer = await push.BlobAsync(repository, payload, SignatureFetcher.SimpleSigningMediaType,
            new Dictionary<string, string> { [SignatureFetcher.CosignSignatureAnnotation] = signature });
        var manifest = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = TestImagePush.Describe(config),
            ["layers"] = new[] { TestImagePush.Describe(layer) },
        });
        var digest = Digest.Parse(image.Digest);
        await push.ManifestAsync(repository, $"sha256-{digest.Hex}.sig", manifest, MediaTypes.OciManifest);
    }

    private static Task AttachBundleAsync(RegistryPush push, string repository, Descriptor image, byte[] bundle) =>
        Referrers.AttachAsync(push, repository, image, bundle, BundleType, BundleType);
}
