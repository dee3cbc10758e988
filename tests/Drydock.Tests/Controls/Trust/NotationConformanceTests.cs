using Drydock.Policy;
using Drydock.Controls.Trust.Notation;

namespace Drydock.Tests.Controls.Trust;

/// <summary>
/// Notation's own envelopes, trust stores and expectations (../shared/testdata/notation, README sections A, C, D):
/// verdicts as notation-go's tests assert them, per verification level.
/// </summary>
public sealed class NotationConformanceTests
{
    private const string MockDigest = "sha256:60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e";
    private const string TimestampDigest = "sha256:c0669ef34cdc14332c0f1ab0c2c01acb91d96014b172f1a76f3a39e63d1f0bda";
    private const string TestRoot = "x509.subject:CN=Notation Test Root,O=Notary,L=Seattle,ST=WA,C=US";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Data(string relative) => SharedTestData.Path("notation/notation-go/" + relative);

    private static string Store(string name) => Data("verifier/testdata/truststore/x509/ca/" + name);

    private static NotationResult Verify(string envelope, string digest, NotationLevel level, string identity = TestRoot, string store = "valid-trust-store", string mediaType = NotationEnvelope.JwsMediaType)
    {
        var rule = new NotationRule("registry.acme-rockets.io/software/*", Store(store), [TrustedIdentity.Parse(identity)], level);
        var certificates = NotationTrustStore.Load(rule.TrustStore);
        return NotationVerifier.Verify(mediaType, File.ReadAllBytes(Data(envelope)), digest, rule, certificates, Now);
    }

    [SharedDataTheory]
    [InlineData("internal/mock/testdata/ca_valid_sig_env.json")]
    [InlineData("internal/mock/testdata/sa_valid_sig_env.json")]
    public void Verify_ValidEnvelope_PassesStrictNamingTheSigner(string envelope)
    {
        // When
        var result = Verify(envelope, MockDigest, NotationLevel.Strict);

        // Then
        Assert.True(result.Valid, result.Problem);
        Assert.Contains("CN=Notation Test Root", result.Signer, StringComparison.Ordinal);
    }

    [SharedDataTheory]
    [InlineData(NotationLevel.Strict)]
    [InlineData(NotationLevel.Permissive)]
    [InlineData(NotationLevel.Audit)]
    public void Verify_InvalidEnvelope_FailsIntegrityAtEveryLevel(NotationLevel level)
    {
        // When: the payload has '=' appended to its unpadded base64url (upstream: "illegal base64 data at input byte 242")
        var result = Verify("internal/mock/testdata/ca_invalid_sig_env.json", MockDigest, level);

        // Then
        Assert.False(result.Valid);
        Assert.Contains("base64url", result.Problem, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Verify_ExpiredEnvelope_FailsStrictButOnlyLogsUnderPermissive()
    {
        // When
        var strict = Verify("internal/mock/testdata/ca_expired_sig_env.json", MockDigest, NotationLevel.Strict);
        var permissive = Verify("internal/mock/testdata/ca_expired_sig_env.json", MockDigest, NotationLevel.Permissive);

        // Then
        Assert.False(strict.Valid);
        Assert.Contains("expired on 2022-07-29T23:59:00Z", strict.Problem, StringComparison.Ordinal);
        Assert.True(permissive.Valid, permissive.Problem);
        Assert.Contains(permissive.Logged, l => l.Contains("expired", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public void Verify_TrustedIdentityMismatch_FailsStrictAndPermissiveLogsUnderAudit()
    {
        // When
        const string other = "x509.subject:CN=LOL,O=DummyOrg,L=Hyderabad,ST=TG,C=IN";
        var strict = Verify("internal/mock/testdata/ca_valid_sig_env.json", MockDigest, NotationLevel.Strict, other);
        var permissive = Verify("internal/mock/testdata/ca_valid_sig_env.json", MockDigest, NotationLevel.Permissive, other);
        var audit = Verify("internal/mock/testdata/ca_valid_sig_env.json", MockDigest, NotationLevel.Audit, other);

        // Then
        Assert.False(strict.Valid);
        Assert.Contains("does not match the trusted identities", strict.Problem, StringComparison.Ordinal);
        Assert.False(permissive.Valid);
        Assert.True(audit.Valid, audit.Problem);
        Assert.Single(audit.Logged);
    }

    [SharedDataFact]
    public void Verify_StoreWithoutTheRoot_FailsAuthenticity()
    {
        // When: valid-trust-store-2 holds GlobalSign only
        var result = Verify("internal/mock/testdata/ca_valid_sig_env.json", MockDigest, NotationLevel.Strict, store: "valid-trust-store-2");

        // Then
        Assert.False(result.Valid);
        Assert.Contains("does not contain any trusted certificate", result.Problem, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Verify_OtherManifest_FailsIntegrity()
    {
        // When
        var result = Verify("internal/mock/testdata/ca_valid_sig_env.json", TimestampDigest, NotationLevel.Audit);

        // Then
        Assert.False(result.Valid);
        Assert.Contains($"is over {MockDigest}, not this image", result.Problem, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Verify_PluginEnvelope_IsNotAccepted()
    {
        // When: critical headers SomeKey and verificationPlugin need a plugin
        var result = Verify("internal/mock/testdata/ca_plugin_sig_env.json", MockDigest, NotationLevel.Audit);

        // Then
        Assert.False(result.Valid);
        Assert.Contains("critical header", result.Problem, StringComparison.Ordinal);
    }

    [SharedDataTheory]
    [InlineData("verifier/testdata/timestamp/sigEnv/coseWithTimestamp.sig", NotationEnvelope.CoseMediaType)]
    [InlineData("verifier/testdata/timestamp/sigEnv/jwsWithTimestamp.sig", NotationEnvelope.JwsMediaType)]
    [InlineData("verifier/testdata/timestamp/sigEnv/withoutTimestamp.sig", NotationEnvelope.JwsMediaType)]
    public void Verify_CoseAndJwsByAlpineCert_PassStrict(string envelope, string mediaType)
    {
        // When: signed by CN=alpine (valid 2023-05-09..2033-05-10), which is TestTimestamp.crt in valid-trust-store
        var result = Verify(envelope, TimestampDigest, NotationLevel.Strict, "x509.subject:CN=alpine", mediaType: mediaType);

        // Then
        Assert.True(result.Valid, result.Problem);
    }

    [SharedDataFact]
    public void Verify_CoseTamperedByte_FailsIntegrity()
    {
        // Given: one byte of the COSE signature flipped
        var envelope = CoseTamper(File.ReadAllBytes(Data("verifier/testdata/timestamp/sigEnv/coseWithTimestamp.sig")));
        var rule = new NotationRule("r/*", Store("valid-trust-store"), [TrustedIdentity.Parse("*")], NotationLevel.Audit);

        // When
        var result = NotationVerifier.Verify(NotationEnvelope.CoseMediaType, envelope, TimestampDigest, rule, NotationTrustStore.Load(rule.TrustStore), Now);

        // Then
        Assert.False(result.Valid);
        Assert.Contains("does not verify", result.Problem, StringComparison.Ordinal);
    }

    // The COSE_Sign1 signature is the last byte string: flip a byte near the end of the envelope.
    private static byte[] CoseTamper(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[^10] ^= 0x01;
        return copy;
    }

    [SharedDataTheory]
    [InlineData("trust-store-with-invalid-certs", "invalid")]
    [InlineData("trust-store-with-leaf-certs", "non-ca.crt")]
    [InlineData("trust-store-with-leaf-certs-in-single-file", "RootAndLeafCerts.crt")]
    public void TrustStore_BrokenStores_AreConfigurationErrors(string store, string file)
    {
        // When
        var error = Assert.Throws<UsageException>(() => NotationTrustStore.Load(Store(store)));

        // Then
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void TrustStore_SelfSignedSigningCert_Loads() =>
        Assert.Single(NotationTrustStore.Load(Store("valid-trust-store-self-signed")));
}
