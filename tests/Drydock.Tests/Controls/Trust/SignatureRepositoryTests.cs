using Drydock.Controls;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.Policy;
using Drydock.Tests.Cli;
using Drydock.Tests.Scanning.Pipeline;

namespace Drydock.Tests.Controls.Trust;

/// <summary>
/// The <c>signatureRepository</c> key and what the signature step says, without a registry, for images that were not
/// read from one (the lookups themselves run against a real registry in the integration tests).
/// </summary>
public sealed class SignatureRepositoryTests
{
    private static readonly Digest Manifest = Digest.Parse("sha256:" + new string('a', 64));

    [Fact]
    public void Parse_SignatureRepository_ReadAsARepositoryWithoutTag()
    {
        // Given
        const string yaml = "signatureRepository: registry.example.com/team/signatures\n";

        // When
        var policy = PolicyLoader.Parse(new StringReader(yaml), "drydock.yaml", ControlCatalog.Ids);

        // Then
        var repository = Assert.IsType<ImageReference>(policy.SignatureRepository);
        Assert.Equal("registry.example.com", repository.Registry);
        Assert.Equal("team/signatures", repository.Repository);
        Assert.Null(repository.Tag);
        Assert.Null(repository.Digest);
    }

    [Theory]
    [InlineData("registry.example.com/team/signatures:v1", "without tag or digest")]
    [InlineData("registry.example.com/team/signatures@sha256:aaaa", "without tag or digest")]
    [InlineData("registry.example.com/Team/signatures", "invalid signature repository")]
    [InlineData("[a, b]", "expected a single value")]
    public void Parse_SignatureRepositoryNotARepository_UsageErrorNamesFileAndLine(string value, string expected)
    {
        // Given
        var yaml = "version: 1\nsignatureRepository: " + value + "\n";

        // When
        var error = Assert.Throws<UsageException>(() => PolicyLoader.Parse(new StringReader(yaml), "drydock.yaml", ControlCatalog.Ids));

        // Then
        Assert.StartsWith("drydock.yaml:2", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_LayoutWithoutSignatureRepository_NotAttemptedSaysHowToNameOne()
    {
        // Given
        await using var image = new MemoryImage { ManifestDigest = Manifest };
        var policy = new DrydockPolicy { RequiredSigners = [new RequiredSigner("registry.example.com/team/*", ["cosign.pub"])] };

        // When
        var verification = await VerifyLocalAsync(image, policy);

        // Then
        Assert.False(verification.Attempted);
        Assert.Equal(ImageSignatures.NotFromRegistryReason, verification.NotAttemptedReason);
        Assert.Contains("--signature-repository", verification.NotAttemptedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ArchiveWithoutManifestDigest_NotAttemptedNoDigestToLookUp()
    {
        // Given: a docker-archive's manifest is synthesised, so it has no registry digest
        await using var image = new MemoryImage { ManifestDigest = null };
        var policy = Signed() with { SignatureRepository = SignatureRepositoryName.Parse("registry.example.com/team/signatures") };

        // When
        var verification = await VerifyLocalAsync(image, policy);

        // Then
        Assert.False(verification.Attempted);
        Assert.Contains("keeps no registry manifest", verification.NotAttemptedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_OnlyContentTrustCoversLayout_NotAttemptedSaysContentTrustNeedsARegistryTag()
    {
        // Given
        await using var image = new MemoryImage { ManifestDigest = Manifest };
        var policy = new DrydockPolicy
        {
            ContentTrust = [new ContentTrustRule("registry.example.com/team/*", new Uri("https://notary.example.com"), null, [], true)],
            SignatureRepository = SignatureRepositoryName.Parse("registry.example.com/team/signatures"),
        };

        // When
        var verification = await VerifyLocalAsync(image, policy);

        // Then
        Assert.False(verification.Attempted);
        Assert.Equal("Only contentTrust rules cover registry.example.com/team/signatures, and Docker Content Trust is verified for images read from a registry by tag.",
            verification.NotAttemptedReason);
    }

    [Fact]
    public async Task VerifyAsync_NoRuleCoversTheLayoutsName_NotAttemptedNamesIt()
    {
        // Given: the layout carries its own name, which no rule covers (the signature repository's rules do not apply)
        await using var image = new MemoryImage { ManifestDigest = Manifest, Reference = ImageReference.Parse("registry.example.com/other/app:1") };
        var policy = Signed() with { SignatureRepository = SignatureRepositoryName.Parse("registry.example.com/team/signatures") };

        // When
        var verification = await VerifyLocalAsync(image, policy);

        // Then
        Assert.False(verification.Attempted);
        Assert.Equal("No required signer in the policy covers registry.example.com/other/app.", verification.NotAttemptedReason);
    }

    [Fact]
    public async Task ImageCommand_SignatureRepositoryWithATag_ExitsTwoWithOneLine()
    {
        // Given
        var layout = Path.Combine(Path.GetTempPath(), "drydock-no-such-layout-" + Guid.NewGuid().ToString("N"));

        // When
        var (code, _, error) = await CliRun.RunAsync("image", $"oci:{layout}:1", "--scanners", "controls", "--signature-repository", "registry.example.com/sigs:v1");

        // Then
        Assert.Equal(2, code);
        Assert.Equal("drydock: signature repository 'registry.example.com/sigs:v1' must name a repository, without tag or digest (e.g. registry.example.com/team/signatures)",
            error.Trim());
    }

    private static DrydockPolicy Signed() => new() { RequiredSigners = [new RequiredSigner("registry.example.com/team/*", ["cosign.pub"])] };

    private static Task<SignatureVerification> VerifyLocalAsync(MemoryImage image, DrydockPolicy policy) =>
        ImageSignatures.VerifyAsync(image, fromRegistry: false, policy, new RegistryClientOptions(), TrustOptions.Default, CancellationToken.None);
}
