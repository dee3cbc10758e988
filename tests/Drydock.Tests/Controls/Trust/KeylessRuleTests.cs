using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Controls.Trust.Sigstore;
using Drydock.Images;

namespace Drydock.Tests.Controls.Trust;

/// <summary>
/// A keyless Sigstore bundle found for an image is judged by the policy's keyless rules (CIS-4.5 evidence names the rule,
/// the signer and where the bundle was found). The bundle is the conformance suite's happy-path v0.3 (a message
/// signature over a.txt), standing in for an image whose manifest digest is a.txt's sha256.
/// </summary>
public sealed class KeylessRuleTests
{
    private const string Beacon = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private const string GitHub = "https://token.actions.githubusercontent.com";
    private static readonly Digest Manifest = Digest.Parse("sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf");
    private static readonly ImageReference Reference = ImageReference.Parse("ghcr.io/example/app:1");

    /// <summary>The verification time the tests pass as the caller's clock (keyless checks stand on the Rekor entry's time).</summary>
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static SignatureArtifact Bundle() => new(SignatureKind.SigstoreBundle, "example/app@sha256:feed",
        File.ReadAllBytes(SharedTestData.Path("sigstore/sigstore-conformance/test/assets/bundle-verify/happy-path-v0.3/bundle.sigstore.json")));

    private static DrydockPolicy Policy(string? subject, string? pattern) => new()
    {
        Keyless = [new KeylessRule("ghcr.io/example/*", SharedTestData.Path("sigstore/root-signing/targets/trusted_root.json"), new CertificateIdentity(GitHub, subject, pattern))],
    };

    [SharedDataFact]
    public void Verify_KeylessBundleForTheRuleIdentity_Cis45PassesNamingRuleSignerAndSource()
    {
        // Given
        var policy = Policy(null, "^https://github.com/sigstore-conformance/.+@refs/heads/main$");

        // When
        var verification = ImageSignatures.Verify(Manifest, [], policy, Reference, [Bundle()], Now);
        var result = new Cis45ContentTrustControl().Evaluate(new ControlTestImage { Policy = policy }.Build(new Cis45ContentTrustControl()) with { Signatures = verification });

        // Then
        var check = Assert.Single(verification.Checks);
        Assert.True(check.Valid, check.Problem);
        Assert.Equal(ControlOutcome.Pass, result.Outcome);
        Assert.Contains(Beacon, result.Summary, StringComparison.Ordinal);
        Assert.Contains("under the keyless rule ghcr.io/example/*", result.Summary, StringComparison.Ordinal);
        Assert.Contains("found at example/app@sha256:feed", result.Summary, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Verify_KeylessBundleForAnotherIdentity_FailsWithTheReason()
    {
        // When
        var verification = ImageSignatures.Verify(Manifest, [], Policy("https://github.com/example/app/.github/workflows/release.yml@refs/tags/v1", null), Reference, [Bundle()], Now);

        // Then
        var check = Assert.Single(verification.Checks);
        Assert.False(check.Valid);
        Assert.Contains("is not the expected https://github.com/example/app", check.Problem, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Verify_KeylessBundleWithoutAKeylessRule_IsNotTrustedByAKey()
    {
        // When: only a key rule covers the repository
        var verification = ImageSignatures.Verify(Manifest, [], new DrydockPolicy(), Reference, [Bundle()], Now);

        // Then
        var check = Assert.Single(verification.Checks);
        Assert.False(check.Valid);
        Assert.Contains("no keyless rule", check.Problem, StringComparison.Ordinal);
    }
}
