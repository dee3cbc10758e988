using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Trust.Notation;

namespace Drydock.Tests.Controls.Trust;

public sealed class NotationParsingTests
{
    [Theory]
    [InlineData(new byte[] { 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff })] // array claiming 2^64-1 items
    [InlineData(new byte[] { 0x5a, 0x7f, 0xff, 0xff, 0xff, 0x00 })]                   // byte string claiming 2 GiB
    [InlineData(new byte[] { 0x9f, 0x01, 0xff })]                                     // indefinite-length array
    [InlineData(new byte[] { 0x82, 0x01 })]                                           // truncated array
    [InlineData(new byte[] { 0x01, 0x02 })]                                           // trailing bytes
    [InlineData(new byte[] { 0x62, 0xc3, 0x28 })]                                     // invalid UTF-8 text
    [InlineData(new byte[] { 0x1c })]                                                 // reserved additional information
    public void CborReader_HostileInput_IsAFormatError(byte[] input) =>
        Assert.Throws<FormatException>(() => CborReader.Decode(input));

    [Fact]
    public void CborReader_DeepNesting_IsRefusedAtTheBound()
    {
        // Given: 17 nested one-element arrays around 0 (the bound counts every level, the innermost integer too)
        var input = Enumerable.Repeat((byte)0x81, CborReader.MaxDepth + 1).Append((byte)0).ToArray();

        // When / Then
        Assert.Throws<FormatException>(() => CborReader.Decode(input));
        Assert.Equal(CborKind.Array, CborReader.Decode(input[2..]).Kind);
    }

    [Fact]
    public void CborReader_Map_ReadsLabelsAndTaggedTime()
    {
        // Given: {1: -37, "t": 1(1700000000)}
        byte[] input = [0xa2, 0x01, 0x38, 0x24, 0x61, 0x74, 0xc1, 0x1a, 0x65, 0x53, 0xf1, 0x00];

        // When
        var map = CborReader.Decode(input);

        // Then
        Assert.Equal(-37, map.Get(1L)!.Integer);
        Assert.Equal(1UL, map.Get("t")!.Tag);
        Assert.Equal(1700000000, map.Get("t")!.Items![0].Integer);
    }

    [Theory]
    [InlineData("x509.subject")]
    [InlineData("x509.subject:")]
    [InlineData("x509.subject: CN")]
    [InlineData("CN=release")]
    public void TrustedIdentity_Malformed_IsAUsageError(string identity) =>
        Assert.Throws<UsageException>(() => TrustedIdentity.Parse(identity));

    [Fact]
    public void PolicyLoader_NotationAndKeyless_ParseAsDocumented()
    {
        // Given: the shape of docs/policy.md
        const string yaml = """
            notation:
              - repositories: registry.example.com/team/*
                trustStore: truststore/
                tsaTrustStore: tsa/
                verifyTimestamp: afterCertExpiry
                trustedIdentities: ["x509.subject: C=US, O=Example, CN=release"]
                level: permissive
            keyless:
              - repositories: ghcr.io/example/*
                trustedRoot: trusted_root.json
                issuer: https://token.actions.githubusercontent.com
                subjectPattern: "^https://github.com/example/.+/.github/workflows/release.yml@refs/tags/v.+$"
            """;

        // When
        var policy = PolicyLoader.Parse(new StringReader(yaml), "/etc/drydock/drydock.yaml", ControlCatalog.Ids);

        // Then
        var notation = Assert.Single(policy.Notation);
        Assert.Equal(("registry.example.com/team/*", "/etc/drydock/truststore/", NotationLevel.Permissive), (notation.RepositoryPattern, notation.TrustStore, notation.Level));
        Assert.Equal("x509.subject: C=US, O=Example, CN=release", Assert.Single(notation.TrustedIdentities).ToString());
        Assert.Equal(("/etc/drydock/tsa/", TimestampVerification.AfterCertExpiry), (notation.TsaTrustStore, notation.VerifyTimestamp));
        var keyless = Assert.Single(policy.Keyless);
        Assert.Equal("/etc/drydock/trusted_root.json", keyless.TrustedRoot);
        Assert.True(keyless.Identity.Matches("https://token.actions.githubusercontent.com",
            ["https://github.com/example/app/.github/workflows/release.yml@refs/tags/v1.2.0"]));
        Assert.False(keyless.Identity.Matches("https://token.actions.githubusercontent.com",
            ["https://github.com/evil/app/.github/workflows/release.yml@refs/tags/v1.2.0"]));
    }

    [Theory]
    [InlineData("keyless:\n  - repositories: a/*\n    trustedRoot: r.json\n    issuer: i\n", "exactly one of 'subject' and 'subjectPattern'")]
    [InlineData("notation:\n  - repositories: a/*\n    trustStore: s\n", "trustedIdentities")]
    [InlineData("notation:\n  - repositories: a/*\n    trustStore: s\n    trustedIdentities: ['*']\n    level: lax\n", "unknown notation level 'lax'")]
    public void PolicyLoader_IncompleteRules_AreUsageErrors(string yaml, string expected)
    {
        // When
        var error = Assert.Throws<UsageException>(() => PolicyLoader.Parse(new StringReader(yaml), "drydock.yaml", ControlCatalog.Ids));

        // Then
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
