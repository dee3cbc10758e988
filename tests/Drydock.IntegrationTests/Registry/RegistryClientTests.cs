using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Registry;

/// <summary>The API the freshness and trust work builds on, against a real registry: digest resolution, tags, referrers.</summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RegistryClientTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task ResolveDigestAsync_Tag_EqualsDigestOfManifestBytes()
    {
        // Given
        var server = fixture.Server(RegistryMode.Token);
        using var client = new RegistryClient(server.Host, RegistrySourceTests.Options(server, fixture.GoodConfigDirectory));

        // When
        var resolved = await client.ResolveDigestAsync(ImageReference.Parse($"{server.Host}/{RegistryFixture.Repository}:1"), CancellationToken.None);
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, "1", CancellationToken.None);

        // Then
        Assert.Equal(Digest.Sha256(manifest.Bytes.Span), resolved);
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task ListTagsAsync_SmallPages_AllTags()
    {
        // Given: the image under three more tags (skopeo mounts the blobs, so this is quick)
        var server = fixture.Server(RegistryMode.Basic);
        foreach (var tag in new[] { "a", "b", "c" })
            await server.PushAsync($"oci:{TestImages.OciLayout}:{TestImages.Tag}", "drydock/tags", tag);
        using var client = new RegistryClient(server.Host, RegistrySourceTests.Options(server, fixture.GoodConfigDirectory));

        // When
        var tags = await client.ListTagsAsync("drydock/tags", CancellationToken.None, pageSize: 2);

        // Then
        Assert.Equal(["a", "b", "c"], tags.Order(StringComparer.Ordinal));
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetReferrersAsync_RegistryWithoutReferrersApi_FallsBackToDigestTag()
    {
        // Given: distribution 2.8 has no referrers API; an index under the tag schema "sha256-<hex>" lists a referrer
        var server = fixture.Server(RegistryMode.Plain);
        using var client = new RegistryClient(server.Host, RegistrySourceTests.Options(server, null));
        var subject = await client.GetManifestAsync(RegistryFixture.Repository, "1", CancellationToken.None);
        var index = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{subject.Digest}}","size":{{subject.Bytes.Length}},"artifactType":"application/vnd.drydock.test"}]}""";
        using (var http = new HttpClient())
        {
            using var content = new StringContent(index);
            content.Headers.ContentType = new(MediaTypes.OciIndex);
            using var put = await http.PutAsync($"http://{server.Host}/v2/{RegistryFixture.Repository}/manifests/sha256-{subject.Digest.Hex}", content);
            put.EnsureSuccessStatusCode();
        }

        // When
        var referrers = await client.GetReferrersAsync(RegistryFixture.Repository, subject.Digest, "application/vnd.drydock.test", CancellationToken.None);
        var none = await client.GetReferrersAsync(RegistryFixture.Repository, subject.Digest, "application/vnd.other", CancellationToken.None);

        // Then
        Assert.Equal(subject.Digest.ToString(), Assert.Single(referrers).Digest);
        Assert.Empty(none);
    }
}
