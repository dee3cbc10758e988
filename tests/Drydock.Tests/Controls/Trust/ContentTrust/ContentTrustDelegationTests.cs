using System.Security.Cryptography;
using Drydock.Controls.Trust.ContentTrust;

namespace Drydock.Tests.Controls.Trust.ContentTrust;

/// <summary>
/// Docker Content Trust delegations beyond <c>targets/releases</c> (issue 15): nested roles, path scopes, thresholds,
/// terminating delegations and the depth bound, over signed TUF metadata made in the test.
/// </summary>
public sealed partial class ContentTrustVerifierTests
{
    [Fact]
    public async Task VerifyAsync_TagInNestedRole_PassesNamingTheNestedRoleAndItsKey()
    {
        // Given: targets → targets/team → targets/team/ci, the tag signed by the innermost role
        _repo.Delegate("targets/team");
        var ci = _repo.Delegate("targets/team/ci");
        _repo.Sign("1", Manifest1, "targets/team/ci").Publish();

        // When
        var result = await VerifyAsync("1");

        // Then
        Assert.Equal(("targets/team/ci", "1"), (result.Role, result.Tag));
        Assert.Equal([ci.Id], result.SignerKeyIds);
        Assert.Equal(_repo.Location + "targets/team/ci.json", result.Location);
    }

    [Fact]
    public async Task VerifyAsync_PathScopes_TrustTheRoleOnlyForTheTagsItWasDelegated()
    {
        // Given: targets/v1 may sign tags starting "v1." (notary prefix), targets/glob tags matching "rc-*" (TUF glob);
        // each also signed a tag outside its scope
        _repo.Delegate("targets/v1", paths: ["v1."]);
        _repo.Delegate("targets/glob", paths: ["rc-*"]);
        _repo.Sign("v1.3", Manifest1, "targets/v1").Sign("v2.0", Manifest1, "targets/v1")
            .Sign("rc-7", Manifest1, "targets/glob").Sign("final", Manifest1, "targets/glob").Publish();

        // When / Then
        Assert.Equal("targets/v1", (await VerifyAsync("v1.3")).Role);
        Assert.Equal("targets/glob", (await VerifyAsync("rc-7")).Role);
        foreach (var outside in new[] { "v2.0", "final" })
        {
            var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync(outside));
            Assert.True(e.Unsigned);
            Assert.StartsWith($"tag {outside} is not signed: neither", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VerifyAsync_PathHashPrefixes_CoverTheTagsWhoseHashStartsSo()
    {
        var prefix = Convert.ToHexStringLower(SHA256.HashData("7"u8))[..2];
        _repo.Delegate("targets/bin", hashPrefixes: [prefix]);
        _repo.Sign("7", Manifest1, "targets/bin").Publish();

        Assert.Equal("targets/bin", (await VerifyAsync("7")).Role);
    }

    [Fact]
    public async Task VerifyAsync_DelegationBelowItsThreshold_Fails()
    {
        // Given: targets/team needs 2 of its 2 keys; only one signed
        _repo.Delegate("targets/team", threshold: 2, keys: 2, signers: 1);
        _repo.Sign("1", Manifest1, "targets/team").Publish();

        // When
        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync("1"));

        // Then: the role is passed over (as notary's client does), and the failure says why
        Assert.False(e.Unsigned);
        Assert.Equal("tag 1 is not signed: neither targets nor its delegations (targets/releases, targets/team) list it; " +
                     "targets/team was not used: targets/team metadata: 1 valid signature(s) by targets/team keys, 2 required", e.Message);
    }

    [Fact]
    public async Task VerifyAsync_TerminatingDelegationWithoutTheTag_EndsTheSearch()
    {
        // Given: targets/a (terminating, every tag) does not have the tag; targets/b, listed after it, does
        _repo.Delegate("targets/a", terminating: true);
        _repo.Delegate("targets/b");
        _repo.Sign("1", Manifest1, "targets/b").Publish();

        // When
        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync("1"));

        // Then: a non-terminating a lets the search reach b
        Assert.Equal("tag 1 is not signed: neither targets nor its delegations (targets/a, targets/releases) list it", e.Message);
        _repo.Delegations[0] = _repo.Delegations[0] with { Terminating = false };
        _repo.Publish();
        Assert.Equal("targets/b", (await VerifyAsync("1")).Role);
    }

    [Fact]
    public async Task VerifyAsync_DelegationChainDeeperThanTheBound_IsRefused()
    {
        // Given: hostile metadata nesting roles past the bound
        var name = "targets";
        for (var i = 0; i <= ContentTrustLimits.MaxDelegationDepth; i++) _repo.Delegate(name += "/d" + i);
        _repo.Sign("1", Manifest1, name).Publish();

        // When
        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync("1"));

        // Then
        Assert.StartsWith($"delegation targets/d0/", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"is nested more than {ContentTrustLimits.MaxDelegationDepth} levels below targets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_DelegationToANonChildRole_IsRefused()
    {
        // Given: targets/a names targets/c as its delegation (notary only accepts targets/a/<name>)
        _repo.Delegate("targets/a");
        _repo.Delegate("targets/c", parent: "targets/a");
        _repo.Sign("1", Manifest1, "targets/c").Publish();

        // When
        var e = await Assert.ThrowsAsync<ContentTrustException>(() => VerifyAsync("1"));

        // Then
        Assert.Equal("targets/a delegates to 'targets/c', which is not one of its child roles", e.Message);
    }

    private Task<ContentTrustResult> VerifyAsync(string tag) => VerifyAsync(Pinned(_repo.Root), tag, Manifest1);
}
