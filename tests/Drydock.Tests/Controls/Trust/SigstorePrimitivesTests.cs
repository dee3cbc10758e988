using System.Security.Cryptography;
using Drydock.Controls.Trust.Sigstore;
using Drydock.Tests.Cli;

namespace Drydock.Tests.Controls.Trust;

public sealed class SigstorePrimitivesTests
{
    [Fact]
    public void Ed25519_Rfc8032Vector1_VerifiesAndRejectsAFlippedBit()
    {
        // Given: RFC 8032 §7.1 TEST 1 (empty message)
        var key = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var signature = Convert.FromHexString(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        var flipped = (byte[])signature.Clone();
        flipped[5] ^= 1;

        // When / Then
        Assert.True(Ed25519.Verify(key, [], signature));
        Assert.False(Ed25519.Verify(key, [], flipped));
        Assert.False(Ed25519.Verify(key, [1], signature));
    }

    [Fact]
    public void PublicKeys_IsSupported_AcceptsEd25519EcdsaSpkiAndRefusesGarbage()
    {
        // Given: RFC 8032 TEST 1's key as a SubjectPublicKeyInfo (OID 1.3.101.112), and a P-256 key
        var ed25519 = Convert.FromHexString("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // When / Then
        Assert.True(PublicKeys.IsSupported(ed25519));
        Assert.True(PublicKeys.IsSupported(ec.ExportSubjectPublicKeyInfo()));
        Assert.False(PublicKeys.IsSupported([0x30, 0x03, 0x02, 0x01, 0x00]));
        Assert.False(PublicKeys.IsSupported(ed25519[..^1]));
    }

    [Fact]
    public void MerkleInclusion_FiveLeafTree_EveryLeafProvesAndAWrongIndexDoesNot()
    {
        // Given: a 5-leaf RFC 6962 tree built here
        var leaves = Enumerable.Range(0, 5).Select(i => MerkleInclusion.LeafHash([(byte)i])).ToArray();
        static byte[] Node(byte[] l, byte[] r) => SHA256.HashData([1, .. l, .. r]);
        var n01 = Node(leaves[0], leaves[1]);
        var n23 = Node(leaves[2], leaves[3]);
        var n0123 = Node(n01, n23);
        var root = Node(n0123, leaves[4]);

        // When / Then
        Assert.True(MerkleInclusion.Verify(leaves[0], 0, 5, [leaves[1], n23, leaves[4]], root));
        Assert.True(MerkleInclusion.Verify(leaves[3], 3, 5, [leaves[2], n01, leaves[4]], root));
        Assert.True(MerkleInclusion.Verify(leaves[4], 4, 5, [n0123], root));
        Assert.False(MerkleInclusion.Verify(leaves[4], 3, 5, [n0123], root));
        Assert.False(MerkleInclusion.Verify(leaves[0], 0, 5, [leaves[1], n23], root));
        Assert.False(MerkleInclusion.Verify(leaves[0], 5, 5, [], root));
    }

    [Theory]
    [InlineData("--certificate-identity", "x")]
    [InlineData("--key", "k.pub", "--certificate-oidc-issuer", "https://issuer")]
    public async Task VerifyBundle_IncompleteOrMixedPolicy_ExitsTwoWithOneLine(params string[] policy)
    {
        // When
        var (code, output, error) = await CliRun.RunAsync(["sigstore", "verify-bundle", "--bundle", "b.json", "--trusted-root", "r.json", .. policy, "sha256:" + new string('0', 64)]);

        // Then
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Checkpoint_WithoutOrigin_IsRejected()
    {
        // Given: rekor2-checkpoint-missing-origin's shape, a body without its origin line
        var envelope = "736\nrs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=\n\n\u2014 log 8w1amdbj\n";

        // When / Then
        Assert.Throws<BundleRejectedException>(() => Checkpoint.Parse(envelope));
    }
}
