using Drydock.Controls;
using Drydock.Controls.Trust;
using Drydock.Policy;

namespace Drydock.Tests.Controls.Trust.ContentTrust;

/// <summary>CIS-4.2's secure channel and CIS-4.5's content trust evidence, from the trust step's results.</summary>
public sealed class TrustVerdictTests
{
    private static readonly InsecureChannel PlainHttp = new("registry.internal:5000", "the image", "read over plain HTTP (no TLS)");

    [Fact]
    public void Cis42_ImageReadOverPlainHttp_FailsWithTheReasonEvenWithoutTrustedBases()
    {
        // Given
        var context = Context(DrydockPolicy.Default, new SignatureVerification { Attempted = false, InsecureChannels = [PlainHttp] });

        // When
        var result = new Cis42TrustedBaseImageControl().Evaluate(context);

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal("Not downloaded over a secure channel: the image was read over plain HTTP (no TLS) from registry.internal:5000.", result.Summary);
        Assert.StartsWith("the image from registry.internal:5000: read over plain HTTP (no TLS); list the registry in insecureRegistriesAllowed", Assert.Single(result.Evidence).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registry.internal:5000")]
    [InlineData("registry.internal")]
    public void Cis42_InsecureRegistryAllowedByPolicy_NotAFailure(string allowed)
    {
        var context = Context(DrydockPolicy.Default with { InsecureRegistriesAllowed = [allowed] }, new SignatureVerification { Attempted = false, InsecureChannels = [PlainHttp] });

        var result = new Cis42TrustedBaseImageControl().Evaluate(context);

        Assert.Equal(ControlOutcome.Skip, result.Outcome);
    }

    [Fact]
    public void Cis42_OtherRegistryAllowed_StillFails()
    {
        var context = Context(DrydockPolicy.Default with { InsecureRegistriesAllowed = ["registry.internal:6000"] }, new SignatureVerification { Attempted = false, InsecureChannels = [PlainHttp] });

        Assert.Equal(ControlOutcome.Fail, new Cis42TrustedBaseImageControl().Evaluate(context).Outcome);
    }

    [Fact]
    public void Cis45_ContentTrustCheckValid_PassNamesRuleSignerRoleAndWhereFound()
    {
        var check = new SignatureCheck(SignatureKind.DockerContentTrust, "https://notary:4443/v2/r.example/app/_trust/tuf/targets/releases.json", true, null,
            "sha256:" + new string('a', 64), null, "targets/releases (key 0123456789ab) for tag 1, root version 1", "contentTrust rule r.example/* (server https://notary:4443)");
        var context = Context(DrydockPolicy.Default, new SignatureVerification { Attempted = true, Checks = [check] });

        var result = new Cis45ContentTrustControl().Evaluate(context);

        Assert.Equal(ControlOutcome.Pass, result.Outcome);
        Assert.Equal("Signed (DockerContentTrust) by targets/releases (key 0123456789ab) for tag 1, root version 1 under the contentTrust rule r.example/* (server https://notary:4443), " +
                     $"found at https://notary:4443/v2/r.example/app/_trust/tuf/targets/releases.json, over sha256:{new string('a', 64)}.", result.Summary);
    }

    [Fact]
    public void Cis412_TagWithoutTrustData_NotCountedAsAFailedSignature()
    {
        // Given: content trust found no signature for the tag (CIS-4.5 fails on it), nothing else is attached
        var unsigned = new SignatureCheck(SignatureKind.DockerContentTrust, "https://notary:4443/v2/r.example/app/_trust/tuf/", false, null, null,
            "tag 2 is not signed: neither targets/releases nor targets lists it") { Unsigned = true };
        var context = Context(DrydockPolicy.Default, new SignatureVerification { Attempted = true, Checks = [unsigned] });

        // When / Then
        Assert.Equal(ControlOutcome.Skip, new Cis412SignedArtifactsControl().Evaluate(context).Outcome);
        Assert.Equal(ControlOutcome.Fail, new Cis45ContentTrustControl().Evaluate(context).Outcome);
    }

    private static ControlContext Context(DrydockPolicy policy, SignatureVerification signatures) =>
        new ControlTestImage { Policy = policy }.Step("ADD file:abc in /").Build(new Cis42TrustedBaseImageControl()) with { Signatures = signatures };
}
