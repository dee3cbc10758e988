using System.Security.Cryptography;
using System.Text;
using Drydock.Bases;
using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Images;

namespace Drydock.Tests.Controls;

public sealed class TrustTests
{
    private static readonly DrydockPolicy Policy = DrydockPolicy.Default with
    {
        TrustedBases = [new TrustedBase("docker.io/library/*", []), new TrustedBase("registry.example.com/base/*:*-slim", []),
            new TrustedBase("127.0.0.1:5000/pinned/base", ["sha256:" + new string('a', 64)])],
    };

    [Theory]
    [InlineData("debian:12", true)]
    [InlineData("docker.io/library/alpine:3.19", true)]
    [InlineData("registry.example.com/base/python:3.12-slim", true)]
    [InlineData("registry.example.com/base/python:3.12", false)]
    [InlineData("ghcr.io/someone/debian:12", false)]
    [InlineData("docker.io/someone/library:1", false)]
    public void TrustedBaseMatcher_Patterns_MatchAsDocumented(string reference, bool trusted) =>
        Assert.Equal(trusted, TrustedBaseMatcher.Evaluate(Policy, reference, null).Trusted);

    [Fact]
    public void TrustedBaseMatcher_PinnedDigest_RequiresThatDigest()
    {
        Assert.True(TrustedBaseMatcher.Evaluate(Policy, "127.0.0.1:5000/pinned/base:1", "sha256:" + new string('a', 64)).Trusted);
        Assert.False(TrustedBaseMatcher.Evaluate(Policy, "127.0.0.1:5000/pinned/base:1", "sha256:" + new string('b', 64)).Trusted);
    }

    [Fact]
    public void Identify_Annotation_WinsOverLayerChain()
    {
        var annotations = new Dictionary<string, string> { [BaseImageIdentifier.BaseNameKey] = "docker.io/library/debian:12" };
        var b = BaseImageIdentifier.Identify(annotations, null, ["sha256:1", "sha256:2"], [], Policy);
        Assert.NotNull(b);
        Assert.Equal("oci-annotation", b.Method);
        Assert.True(b.Trusted);
    }

    [Fact]
    public void Identify_LayerChain_PicksLongestTrustedPrefix()
    {
        // Given: an untrusted longer prefix and a trusted shorter one; a non-prefix entry is ignored.
        var at = DateTimeOffset.UnixEpoch;
        var catalog = new[]
        {
            new BaseCatalogEntry("docker.io/library/debian:12", null, ["sha256:1"], at),
            new BaseCatalogEntry("ghcr.io/x/debian-tools:1", null, ["sha256:1", "sha256:2"], at),
            new BaseCatalogEntry("docker.io/library/alpine:3", null, ["sha256:9"], at),
        };

        // When
        var b = BaseImageIdentifier.Identify(new Dictionary<string, string>(), null, ["sha256:1", "sha256:2", "sha256:3"], catalog, Policy);

        // Then
        Assert.NotNull(b);
        Assert.Equal("docker.io/library/debian:12", b.Reference);
        Assert.Equal(1, b.LayerCount);
        Assert.Equal("layer-chain", b.Method);
    }

    [Fact]
    public void Cis42_UntrustedBase_FailsNamingBaseAndMethod()
    {
        var image = new ControlTestImage { Policy = Policy }.Step("ADD file:abc in /");
        var context = image.Build(new Cis42TrustedBaseImageControl()) with
        {
            BaseImage = BaseImageIdentifier.Identify(new Dictionary<string, string>(), new Dictionary<string, string> { [BaseImageIdentifier.BaseNameKey] = "ghcr.io/evil/base:1" }, [], [], Policy),
        };
        var result = new Cis42TrustedBaseImageControl().Evaluate(context);
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Contains("ghcr.io/evil/base:1", result.Summary, StringComparison.Ordinal);
        Assert.Contains("label", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Cis42_NoTrustedBasesInPolicy_Skips() =>
        Assert.Equal(ControlOutcome.Skip, new ControlTestImage().Step("ADD file:abc in /").Evaluate(new Cis42TrustedBaseImageControl()).Outcome);

    [Fact]
    public void VerifyCosign_RightKeyWrongKeyOtherDigestTampered_AreJudgedApart()
    {
        // Given: two P-256 keys, a simple-signing payload for the image digest and one for another digest
        using var right = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wrong = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var dir = Directory.CreateTempSubdirectory("drydock-keys-").FullName;
        try
        {
            var rightKey = Path.Combine(dir, "right.pub");
            File.WriteAllText(rightKey, right.ExportSubjectPublicKeyInfoPem());
            var image = Digest.Sha256("manifest"u8);
            var other = Digest.Sha256("other"u8);
            var good = Payload(image);
            var moved = Payload(other);
            var artifacts = new[]
            {
                Sig(good, right, "good"),
                Sig(good, wrong, "wrong-key"),
                Sig(moved, right, "other-digest"),
                new SignatureArtifact(SignatureKind.CosignSimpleSigning, "tampered", [.. good, (byte)' '], Sig(good, right, "x").Signature),
            };

            // When
            var result = SignatureVerifier.Verify(image, [rightKey], artifacts);

            // Then
            Assert.Equal([true, false, false, false], result.Checks.Select(c => c.Valid));
            Assert.Contains("does not verify", result.Checks[1].Problem, StringComparison.Ordinal);
            Assert.Contains("not this image", result.Checks[2].Problem, StringComparison.Ordinal);
            Assert.True(result.SignedByRequiredKey);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static byte[] Payload(Digest digest) => Encoding.UTF8.GetBytes(
        $$"""{"critical":{"identity":{"docker-reference":"127.0.0.1:5000/app"},"image":{"docker-manifest-digest":"{{digest}}"},"type":"cosign container image signature"},"optional":null}""");

    private static SignatureArtifact Sig(byte[] payload, ECDsa key, string source) =>
        new(SignatureKind.CosignSimpleSigning, source, payload,
            Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
}
