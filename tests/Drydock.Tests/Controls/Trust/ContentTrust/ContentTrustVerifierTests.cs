using System.Security.Cryptography;
using System.Text;
using Drydock.Controls.Trust.ContentTrust;
using Drydock.Images;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Tests.Controls.Trust.ContentTrust;

public sealed partial class ContentTrustVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Manifest1 = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[1]}");
    private static readonly byte[] Manifest2 = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[2]}");
    private readonly string _cache = Directory.CreateTempSubdirectory("drydock-dct-").FullName;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TufTestRepository _repo = new(Start);

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public async Task VerifyAsync_TagSignedInReleases_PassesNamingRoleDigestAndKey()
    {
        // Given
        _repo.Sign("1", Manifest1).Publish();

        // When
        var result = await VerifyAsync(Pinned(_repo.Root), "1", Manifest1);

        // Then
        Assert.Equal("targets/releases", result.Role);
        Assert.Equal("1", result.Tag);
        Assert.Equal(Served(Manifest1).Digest, result.Digest);
        Assert.Equal([_repo.Releases.Id], result.SignerKeyIds);
        Assert.Equal(_repo.Location + "targets/releases.json", result.Location);
        Assert.False(result.TrustedOnFirstUse);
    }

    [Fact]
    public async Task VerifyAsync_TagSignedInTargetsOnly_PassesNamingTargets()
    {
        _repo.Sign("1", Manifest1, "targets").Publish();

        var result = await VerifyAsync(Pinned(_repo.Root), "1", Manifest1);

        Assert.Equal("targets", result.Role);
        Assert.Equal([_repo.Targets.Id], result.SignerKeyIds);
    }

    [Fact]
    public async Task VerifyAsync_UnsignedTag_FailsSayingSo()
    {
        _repo.Sign("1", Manifest1).Publish();

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "2", Manifest2));

        Assert.Equal("tag 2 is not signed: neither targets/releases nor targets lists it", e.Message);
    }

    [Fact]
    public async Task VerifyAsync_RepositoryWithoutTrustData_FailsNotSigned()
    {
        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest1));

        Assert.Contains("has no trust data on the notary server", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TagRepointedToAnotherManifest_FailsNamingBothDigests()
    {
        // Given: the tag is signed for manifest 1, the registry now serves manifest 2 under it
        _repo.Sign("1", Manifest1).Publish();

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest2));

        Assert.Equal($"tag 1 is signed (targets/releases) for {Served(Manifest1).Digest} ({Manifest1.Length} bytes), but the registry serves {Served(Manifest2).Digest} ({Manifest2.Length} bytes)", e.Message);
    }

    [Fact]
    public async Task VerifyAsync_SameDigestDifferentLength_Fails()
    {
        // Given: the signed target names the right hash but another length
        _repo.Sign("1", Manifest1).Publish();

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => new ContentTrustVerifier(_repo, State(), _clock)
            .VerifyAsync(Pinned(_repo.Root), TufTestRepository.Gun, "1", [(Served(Manifest1).Digest, Manifest1.Length + 1L)], CancellationToken.None));

        Assert.StartsWith("tag 1 is signed (targets/releases)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_RootRotatedWithOldKeyCountersigning_FollowsTheChainFromThePinnedKey()
    {
        // Given: the pinned key is the first root key; the root was rotated since (version 2, signed by old and new)
        var pinned = Pinned(_repo.Root);
        _repo.Sign("1", Manifest1).Publish();
        _repo.RotateRoot();
        _repo.Publish();

        var result = await VerifyAsync(pinned, "1", Manifest1);

        Assert.Equal(2, result.RootVersion);
    }

    [Fact]
    public async Task VerifyAsync_RootReplacedWithoutTheOldKey_Fails()
    {
        // Given: version 2 of root is signed by a new key only (an attacker who does not hold the root key)
        var pinned = Pinned(_repo.Root);
        _repo.Sign("1", Manifest1).Publish();
        await VerifyAsync(pinned, "1", Manifest1);
        _repo.RotateRoot();
        _repo.Files["root"] = _repo.Files["2.root"] = Resign(Encoding.UTF8.GetString(_repo.Files["root"]), [_repo.Root]);
        _repo.Publish();

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(pinned, "1", Manifest1));

        Assert.StartsWith("root version 2 is not signed by the keys of trusted root version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_PinnedKeyNotInRoot_Fails()
    {
        using var other = TufTestKey.EcdsaCertificate("someone-else");
        _repo.Sign("1", Manifest1).Publish();

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(other), "1", Manifest1));

        Assert.StartsWith("no pinned root key (test anchor) signed the repository's root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TimestampExpired_Fails()
    {
        // Given: timestamps live 14 days here; the clock moves on 15 days without a new one
        _repo.Sign("1", Manifest1).Publish();
        _clock.Advance(TimeSpan.FromDays(15));

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest1));

        Assert.StartsWith("timestamp metadata expired at 2026-06-15T12:00:00Z", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ServerReplaysOlderMetadata_RollbackDetected()
    {
        // Given: version 2 of every role was verified once; the server then serves the version 1 files again
        var anchor = Pinned(_repo.Root);
        _repo.Sign("1", Manifest1).Publish();
        var old = new Dictionary<string, byte[]>(_repo.Files);
        _repo.Sign("2", Manifest2).Publish();
        await VerifyAsync(anchor, "2", Manifest2);
        foreach (var (name, bytes) in old) _repo.Files[name] = bytes;

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(anchor, "1", Manifest1));

        Assert.Equal("rollback: timestamp metadata is version 1, older than version 2 seen before", e.Message);
        Assert.Contains("\"timestamp\": 2", File.ReadAllText(Path.Combine(State().Directory, "versions.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TrustOnFirstUse_StoresRootAndRefusesAReplacedOne()
    {
        // Given: no pinned key; the first root is trusted and stored; the server later presents a different root key
        var tofu = new ContentTrustAnchor("tofu", [], true, "tofu anchor");
        _repo.Sign("1", Manifest1).Publish();
        var first = await VerifyAsync(tofu, "1", Manifest1);
        using var other = new TufTestRepository(Start);
        other.Sign("1", Manifest1);
        other.SetVersion("root", 2);
        other.SetVersion("timestamp", 5);
        other.SetVersion("snapshot", 5);
        other.SetVersion("targets", 5);
        other.SetVersion("targets/releases", 5);
        other.Publish();
        foreach (var (name, bytes) in other.Files) _repo.Files[name] = bytes;
        _repo.Files.Remove("1.root");

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(tofu, "1", Manifest1));

        Assert.True(first.TrustedOnFirstUse);
        Assert.True(File.Exists(Path.Combine(State().Directory, "root.tofu.json")));
        Assert.StartsWith("root version 2 is not signed by the keys of trusted root version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoPinnedKeysAndNoTrustOnFirstUse_Refuses()
    {
        _repo.Sign("1", Manifest1).Publish();

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(new ContentTrustAnchor("tofu", [], false, "rule R"), "1", Manifest1));

        Assert.Equal("rule R: no rootKeys pinned and trustOnFirstUse is not set", e.Message);
    }

    [Fact]
    public async Task VerifyAsync_TimestampSignedByAnotherKey_FailsThreshold()
    {
        // Given: a timestamp re-signed by the snapshot key, which is not a timestamp key
        _repo.Sign("1", Manifest1).Publish();
        _repo.Files["timestamp"] = Resign(Encoding.UTF8.GetString(_repo.Files["timestamp"]), [_repo.Snapshot]);

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest1));

        Assert.Equal("timestamp metadata: 0 valid signature(s) by timestamp keys, 1 required", e.Message);
    }

    [Theory]
    [InlineData("targets", "targets metadata does not match the length and sha256 that snapshot metadata lists for it")]
    [InlineData("timestamp", "timestamp metadata: signature does not verify with the timestamp key")]
    public async Task VerifyAsync_RoleEditedAfterSigning_Fails(string role, string expected)
    {
        // Given: a signed role file whose version is changed afterwards (the snapshot's hash, or the signature, no longer holds)
        _repo.Sign("1", Manifest1).Publish();
        var text = Encoding.UTF8.GetString(_repo.Files[role]);
        _repo.Files[role] = Encoding.UTF8.GetBytes(text.Replace("\"version\": 1", "\"version\": 9", StringComparison.Ordinal));

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest1));

        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("not json", "timestamp metadata is not valid JSON")]
    [InlineData("{\"signed\":{\"_type\":\"Timestamp\"},\"signatures\":[]}", "timestamp metadata: metadata field 'version' is missing or not a whole number")]
    [InlineData("{\"signed\":{\"_type\":\"Root\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\"},\"signatures\":[]}", "timestamp metadata: metadata of type 'Root' where Timestamp was expected")]
    [InlineData("{\"signed\":{\"_type\":\"Timestamp\",\"version\":1.5,\"expires\":\"2030-01-01T00:00:00Z\"},\"signatures\":[]}", "timestamp metadata: metadata field 'version' is missing or not a whole number")]
    [InlineData("{\"signed\":{\"_type\":\"Timestamp\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\"},\"signatures\":[{\"keyid\":\"a\",\"method\":\"ecdsa\",\"sig\":\"%%%\"}]}", "timestamp metadata: a signature is not valid base64")]
    public async Task VerifyAsync_MalformedTimestamp_OneClearLine(string text, string expected)
    {
        _repo.Sign("1", Manifest1).Publish();
        _repo.Files["timestamp"] = Encoding.UTF8.GetBytes(text);

        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest1));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task VerifyAsync_HugeOrDeepTimestamp_RefusedWithinBounds()
    {
        _repo.Sign("1", Manifest1).Publish();
        _repo.Files["timestamp"] = new byte[2 << 20];
        var huge = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest1));
        _repo.Files["timestamp"] = Encoding.UTF8.GetBytes(new string('[', 100_000));
        var deep = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(Pinned(_repo.Root), "1", Manifest1));

        Assert.Equal($"timestamp metadata is larger than {1 << 20} bytes", huge.Message);
        Assert.StartsWith("timestamp metadata is not valid JSON", deep.Message, StringComparison.Ordinal);
    }

    private Task<ContentTrustResult> VerifyAsync(ContentTrustAnchor anchor, string tag, byte[] manifest) =>
        new ContentTrustVerifier(_repo, State(), _clock).VerifyAsync(anchor, TufTestRepository.Gun, tag, [Served(manifest)], CancellationToken.None);

    private ContentTrustState State() => ContentTrustState.For(_cache, "https://notary.example", TufTestRepository.Gun);

    private static (Digest Digest, long Length) Served(byte[] manifest) =>
        (Digest.Parse("sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest))), manifest.Length);

    private static ContentTrustAnchor Pinned(TufTestKey root) =>
        new("pinned-test", [TufKey.MaterialOfPem(Encoding.ASCII.GetString(Convert.FromBase64String(root.PublicBase64)))], false, "test anchor");

    private static byte[] Resign(string envelope, IEnumerable<TufTestKey> keys) =>
        TufTestRepository.Envelope(System.Text.Json.Nodes.JsonNode.Parse(envelope)!["signed"]!.AsObject().DeepClone().AsObject(), keys);
}
