using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Docker Content Trust delegations beyond <c>targets/releases</c>, made with the real notary client on the real
/// notary-server: a nested role, a role whose paths no longer cover a tag, a role whose key was removed after it
/// signed, and docker pull's order when <c>targets/releases</c> and <c>targets</c> sign different digests for one tag.
/// The notary client is the oracle (<c>notary lookup</c>, <c>notary list --roles</c>).
/// Thresholds above 1: notary 0.7's client has no way to set one (<c>notary delegation add</c> always writes threshold 1),
/// so a threshold-2 delegation with one signature is covered over metadata made in the test, by the unit test
/// <c>ContentTrustVerifierTests.VerifyAsync_DelegationBelowItsThreshold_Fails</c>.
/// </summary>
public sealed partial class ContentTrustTests
{
    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_TagSignedOnlyInNestedDelegation_Cis45PassesNamingTheNestedRole()
    {
        // Given: targets/releases/qa (made with the releases key) signs tag qa; targets/releases itself does not
        var gun = await SignedRepositoryAsync("dct/nested", "1", "one");
        await fixture.Notary.AddDelegationAsync(gun, "targets/releases/qa");
        var qa = await PushSignedAsync(gun, "qa", "qa build", "targets/releases/qa");

        // When
        var cis45 = await Cis45Async(gun, "qa", await PinRootAsync(gun));

        // Then: as notary resolves it
        Assert.Equal($"qa {qa.Digest} {qa.Size}", await fixture.Notary.LookupAsync(gun, "qa"));
        var row = Assert.Single(await fixture.Notary.ListAsync(gun, "targets"), r => r.Name == "qa");
        Assert.Equal("targets/releases/qa", row.Role);
        Assert.Equal("pass", cis45.Outcome);
        Assert.Contains("by targets/releases/qa (key ", cis45.Summary, StringComparison.Ordinal);
        Assert.Contains($"found at {fixture.Notary.Url}/v2/{gun}/_trust/tuf/targets/releases/qa.json", cis45.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_DelegationPathsNoLongerCoverTheTag_ItsSignatureDoesNotCount()
    {
        // Given: targets/ci, delegated "edge" and "release-", signs edge and release-1; then the "edge" path is removed
        var gun = await SignedRepositoryAsync("dct/paths", "1", "one");
        await fixture.Notary.AddDelegationAsync(gun, "targets/ci", "edge", "release-");
        await PushSignedAsync(gun, "edge", "edge build", "targets/ci");
        var release = await PushSignedAsync(gun, "release-1", "release build", "targets/ci");
        await fixture.Notary.RemoveDelegationPathAsync(gun, "targets/ci", "edge");
        var root = await PinRootAsync(gun);

        // When
        var outside = await Cis45Async(gun, "edge", root);
        var inside = await Cis45Async(gun, "release-1", root);

        // Then: notary finds no valid trust data for edge (targets/ci.json still lists it) and finds release-1
        Assert.Null(await fixture.Notary.LookupAsync(gun, "edge"));
        Assert.Equal($"release-1 {release.Digest} {release.Size}", await fixture.Notary.LookupAsync(gun, "release-1"));
        Assert.Equal("fail", outside.Outcome);
        var evidence = Assert.Single(outside.Evidence);
        Assert.Contains("tag edge is not signed: neither targets/releases nor targets lists it; targets/ci may not sign it (its paths: \"release-\")", evidence, StringComparison.Ordinal);
        Assert.Equal("pass", inside.Outcome);
        Assert.Contains("by targets/ci (key ", inside.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_DelegationKeyRemovedAfterSigning_ItsTargetsNoLongerVerify()
    {
        // Given: targets/team signs tag team (and verifies); then `notary delegation remove GUN targets/team KEYID`,
        // which publishes the role with "keyids": null
        var gun = await SignedRepositoryAsync("dct/removed", "1", "one");
        await fixture.Notary.AddDelegationAsync(gun, "targets/team");
        var team = await PushSignedAsync(gun, "team", "team build", "targets/team");
        var root = await PinRootAsync(gun);
        var before = await Cis45Async(gun, "team", root);
        await fixture.Notary.RemoveDelegationKeysAsync(gun, "targets/team");

        // When
        var removed = await Cis45Async(gun, "team", root);
        var other = await Cis45Async(gun, "1", root);

        // Then: notary passes the role over too; the tags other roles signed still verify
        Assert.Equal("pass", before.Outcome);
        Assert.Null(await fixture.Notary.LookupAsync(gun, "team"));
        Assert.NotNull(await fixture.Notary.LookupAsync(gun, "1"));
        Assert.Equal("fail", removed.Outcome);
        Assert.Contains("targets/team was not used: role targets/team lists 0 key(s), fewer than its threshold 1", Assert.Single(removed.Evidence), StringComparison.Ordinal);
        Assert.Equal("pass", other.Outcome);
        Assert.Contains("by targets/releases (key ", other.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "notary", "notary-server")]
    public async Task Image_ReleasesAndTargetsSignDifferentDigests_ReleasesWinsAsInDockerPull()
    {
        // Given: tag a: targets signs one build, targets/releases the build the registry serves; tag b: the reverse.
        // docker pull asks notary for the tag in targets/releases, then targets (GetTargetByName(tag, releases, targets)),
        // so releases wins; `notary lookup` walks from targets and answers with the targets entry.
        var gun = await SignedRepositoryAsync("dct/order", "1", "one");
        var aTargets = await PushSignedAsync(gun, "a", "a signed in targets", "targets");
        var aReleases = await PushSignedAsync(gun, "a", "a signed in releases", "targets/releases");
        var bReleases = await PushSignedAsync(gun, "b", "b signed in releases", "targets/releases");
        var bTargets = await PushSignedAsync(gun, "b", "b signed in targets", "targets");
        var root = await PinRootAsync(gun);

        // When
        var a = await Cis45Async(gun, "a", root);
        var b = await Cis45Async(gun, "b", root);

        // Then: the oracle's two answers, then drydock takes the releases one for both tags
        var releases = await fixture.Notary.ListAsync(gun, "targets/releases");
        Assert.Equal(aReleases.Digest, "sha256:" + Assert.Single(releases, r => r.Name == "a").Sha256);
        Assert.Equal(bReleases.Digest, "sha256:" + Assert.Single(releases, r => r.Name == "b").Sha256);
        Assert.Equal($"a {aTargets.Digest} {aTargets.Size}", await fixture.Notary.LookupAsync(gun, "a"));
        Assert.Equal("pass", a.Outcome);
        Assert.Contains("by targets/releases (key ", a.Summary, StringComparison.Ordinal);
        Assert.Equal("fail", b.Outcome);
        Assert.Contains($"tag b is signed (targets/releases) for {bReleases.Digest}", Assert.Single(b.Evidence), StringComparison.Ordinal);
        Assert.Contains($"but the registry serves {bTargets.Digest}", Assert.Single(b.Evidence), StringComparison.Ordinal);
    }

    /// <summary>Pushes a one-file image (content <paramref name="marker"/>) to the repository of <paramref name="gun"/> as tag, and signs the tag for it in <paramref name="role"/>.</summary>
    private async Task<Descriptor> PushSignedAsync(string gun, string tag, string marker, string role)
    {
        var image = await fixture.PushAsync(gun[(fixture.Registry.Host.Length + 1)..], tag, marker);
        await fixture.Notary.SignAsync(gun, tag, image.Digest["sha256:".Length..], image.Size, role);
        return image;
    }
}
