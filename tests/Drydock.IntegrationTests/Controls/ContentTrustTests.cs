using Drydock.Controls.Trust.ContentTrust;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// CIS-4.5 by Docker Content Trust through `drydock image`, against a real notary-server and a real TLS docker-registry,
/// with trust data published by the real notary client: signed, unsigned, re-pointed tag, rotated root key, expired
/// timestamp, and (through the library, replaying metadata the server served earlier) a version rollback.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ContentTrustTests(ContentTrustFixture fixture) : IClassFixture<ContentTrustFixture>, IDisposable
{
    private readonly string _work = TestRoot.NewRunDirectory("dct");

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_TagSignedInReleases_Cis45PassesNamingRuleRoleAndServer()
    {
        // Given
        var gun = await SignedRepositoryAsync("dct/signed", "1", "one");

        // When
        var cis45 = await Cis45Async(gun, "1", await PinRootAsync(gun));

        // Then
        Assert.Equal("pass", cis45.Outcome);
        Assert.Contains($"by targets/releases (key ", cis45.Summary, StringComparison.Ordinal);
        Assert.Contains($"under the contentTrust rule {fixture.Registry.Host}/dct/*", cis45.Summary, StringComparison.Ordinal);
        Assert.Contains($"found at {fixture.Notary.Url}/v2/{gun}/_trust/tuf/targets/releases.json", cis45.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_UnsignedTagInSignedRepository_Cis45FailsSayingNotSigned()
    {
        var gun = await SignedRepositoryAsync("dct/partly", "1", "one");
        await fixture.PushAsync("dct/partly", "2", "two");

        var cis45 = await Cis45Async(gun, "2", await PinRootAsync(gun));

        Assert.Equal("fail", cis45.Outcome);
        Assert.Contains("tag 2 is not signed: neither targets/releases nor targets lists it", Assert.Single(cis45.Evidence), StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_RepositoryWithoutTrustData_Cis45Fails()
    {
        var gun = $"{fixture.Registry.Host}/dct/never-signed";
        await fixture.PushAsync("dct/never-signed", "1", "one");
        var other = await SignedRepositoryAsync("dct/key-source", "1", "one");

        var cis45 = await Cis45Async(gun, "1", await PinRootAsync(other));

        Assert.Equal("fail", cis45.Outcome);
        Assert.Contains($"{gun} has no trust data on the notary server", Assert.Single(cis45.Evidence), StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_TagRepointedToAnotherDigest_Cis45FailsNamingTheSignedDigest()
    {
        // Given: tag 1 signed for one image, then pushed again with another image
        var (gun, signed) = await SignedImageAsync("dct/repointed", "1", "one");
        var signedFor = signed.Digest;
        var now = await fixture.PushAsync("dct/repointed", "1", "something else");

        var cis45 = await Cis45Async(gun, "1", await PinRootAsync(gun));

        Assert.Equal("fail", cis45.Outcome);
        var evidence = Assert.Single(cis45.Evidence);
        Assert.Contains($"tag 1 is signed (targets/releases) for {signedFor}", evidence, StringComparison.Ordinal);
        Assert.Contains($"but the registry serves {now.Digest}", evidence, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_RootKeyRotatedAfterPinning_Cis45PassesThroughTheRotation()
    {
        // Given: the pinned key is the first root key; `notary key rotate GUN root` since, then a new tag signed
        var gun = await SignedRepositoryAsync("dct/rotated", "1", "one");
        var pinned = await PinRootAsync(gun);
        await fixture.Notary.RotateRootAsync(gun);
        var image = await fixture.PushAsync("dct/rotated", "2", "two");
        await fixture.Notary.SignAsync(gun, "2", image.Digest["sha256:".Length..], image.Size);

        var cis45 = await Cis45Async(gun, "2", pinned);

        Assert.Equal("pass", cis45.Outcome);
        Assert.Contains("root version 2", cis45.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_TimestampExpired_Cis45Fails()
    {
        // Given: notary-server's timestamps expire after 14 days; the scan's clock is 15 days ahead
        var gun = await SignedRepositoryAsync("dct/expired", "1", "one");
        var later = DateTimeOffset.UtcNow.AddDays(15).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var cis45 = await Cis45Async(gun, "1", await PinRootAsync(gun), later);

        Assert.Equal("fail", cis45.Outcome);
        Assert.Contains("timestamp metadata expired at", Assert.Single(cis45.Evidence), StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Verify_ServerReplaysMetadataItServedEarlier_RollbackDetected()
    {
        // Given: the metadata as the real server served it, recorded; a newer version published and verified since
        var (gun, one) = await SignedImageAsync("dct/rollback", "1", "one");
        using var server = new NotaryServerSource(new Uri(fixture.Notary.Url), gun, fixture.Notary.CaFile, TimeSpan.FromSeconds(30));
        var recorded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var role in new[] { "root", "timestamp", "snapshot", "targets", "targets/releases" })
            recorded[role] = (await server.FetchAsync(role, 1 << 20, CancellationToken.None))!;
        var two = await fixture.PushAsync("dct/rollback", "2", "two");
        await fixture.Notary.SignAsync(gun, "2", two.Digest["sha256:".Length..], two.Size);
        var state = ContentTrustState.For(_work, fixture.Notary.Url, gun);
        var anchor = new ContentTrustAnchor("pinned", [TufKey.MaterialOfPem(await fixture.Notary.RootCertificatePemAsync(gun))], false, "pinned");
        var clock = TimeProvider.System;
        await new ContentTrustVerifier(server, state, clock).VerifyAsync(anchor, gun, "2", [(Digest.Parse(two.Digest), two.Size)], CancellationToken.None);

        // When: the same repository answered with the recorded, older metadata
        var replay = new RecordedSource(server.Location, recorded);
        var e = await Assert.ThrowsAsync<ContentTrustException>(() =>
            new ContentTrustVerifier(replay, state, clock).VerifyAsync(anchor, gun, "1", [(Digest.Parse(one.Digest), one.Size)], CancellationToken.None));

        // Then
        Assert.StartsWith("rollback: timestamp metadata is version ", e.Message, StringComparison.Ordinal);
    }

    private async Task<string> SignedRepositoryAsync(string repository, string tag, string marker) =>
        (await SignedImageAsync(repository, tag, marker)).Gun;

    /// <summary>Pushes an image and signs its tag (sha256 and length of the manifest the registry holds) with the notary client.</summary>
    private async Task<(string Gun, Descriptor Image)> SignedImageAsync(string repository, string tag, string marker)
    {
        var gun = $"{fixture.Registry.Host}/{repository}";
        var image = await fixture.PushAsync(repository, tag, marker);
        await fixture.Notary.InitAsync(gun);
        await fixture.Notary.SignAsync(gun, tag, image.Digest["sha256:".Length..], image.Size);
        return (gun, image);
    }

    private async Task<string> PinRootAsync(string gun)
    {
        var file = Path.Combine(_work, $"root-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(file, await fixture.Notary.RootCertificatePemAsync(gun));
        return file;
    }

    private async Task<ControlVerdict> Cis45Async(string gun, string tag, string rootKey, string? sourceDateEpoch = null)
    {
        var policy = Path.Combine(_work, $"drydock-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(policy, $"""
            contentTrust:
              - repositories: {fixture.Registry.Host}/dct/*
                server: {fixture.Notary.Url}
                caFile: {fixture.Notary.CaFile}
                rootKeys: [{rootKey}]
            """);
        var environment = new Dictionary<string, string>
        {
            ["DRYDOCK_CACHE_DIR"] = Path.Combine(_work, "cache"),
            ["DRYDOCK_CERTS_D"] = fixture.Registry.CertsDirectory,
            ["DOCKER_CONFIG"] = fixture.DockerConfig,
        };
        if (sourceDateEpoch is not null) environment["SOURCE_DATE_EPOCH"] = sourceDateEpoch;
        return (await ControlVerdicts.ImageAsync(environment, "--policy", policy, $"{gun}:{tag}"))["CIS-4.5"];
    }

    /// <summary>The attacker of the rollback case: answers with metadata the real server served earlier.</summary>
    private sealed class RecordedSource(string location, IReadOnlyDictionary<string, byte[]> files) : ITufSource
    {
        public string Location => location;

        public Task<byte[]?> FetchAsync(string name, long limit, CancellationToken cancellationToken) =>
            Task.FromResult(files.TryGetValue(name, out var bytes) ? bytes : null);
    }
}
