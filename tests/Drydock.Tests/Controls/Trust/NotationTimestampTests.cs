using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Drydock.Controls.Trust.Notation;
using Drydock.Policy;

namespace Drydock.Tests.Controls.Trust;

/// <summary>
/// RFC 3161 countersignatures made in the test: a TSA root and a timeStamping certificate from CertificateRequest, a
/// TSTInfo signed with SignedCms over the hash of a signature value.
/// </summary>
public sealed class NotationTimestampTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset GenTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] SignatureValue = RandomNumberGenerator.GetBytes(256);

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _tsaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _tsa;

    public NotationTimestampTests()
    {
        _root = Root("CN=Test TSA Root", _rootKey);
        _tsa = Tsa(_root, GenTime.AddYears(-1), GenTime.AddYears(1));
    }

    public void Dispose()
    {
        _root.Dispose();
        _tsa.Dispose();
        _rootKey.Dispose();
        _tsaKey.Dispose();
    }

    [Fact]
    public void Verify_ValidToken_ReturnsGenTimeAndAuthority()
    {
        // Given
        var token = Token(_tsa, SHA256.HashData(SignatureValue), GenTime);

        // When
        var range = TimestampCountersignature.Verify(token, SignatureValue, [_root]);

        // Then
        Assert.Equal(GenTime, range.Time);
        Assert.Equal("CN=Test TSA", range.Authority);
    }

    [Fact]
    public void Verify_ImprintOfAnotherSignature_IsRejected()
    {
        // Given
        var token = Token(_tsa, SHA256.HashData("another signature"u8), GenTime);

        // When
        var error = Assert.Throws<TimestampRejectedException>(() => TimestampCountersignature.Verify(token, SignatureValue, [_root]));

        // Then
        Assert.Equal("failed to get timestamp from timestamp countersignature with error: invalid TSTInfo: mismatched message", error.Message);
    }

    [Fact]
    public void Verify_TsaNotInTheTrustStore_IsRejected()
    {
        // Given: the trust store holds an unrelated root
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = Root("CN=Other Root", otherKey);
        var token = Token(_tsa, SHA256.HashData(SignatureValue), GenTime);

        // When
        var error = Assert.Throws<TimestampRejectedException>(() => TimestampCountersignature.Verify(token, SignatureValue, [other]));

        // Then
        Assert.EndsWith("cms verification failure: x509: certificate signed by unknown authority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_GenTimeOutsideTheTsaCertificate_IsRejected()
    {
        // Given: a TSA certificate that expired before the time it vouches for
        using var expired = Tsa(_root, GenTime.AddYears(-3), GenTime.AddYears(-2));
        var token = Token(expired, SHA256.HashData(SignatureValue), GenTime);

        // When
        var error = Assert.Throws<TimestampRejectedException>(() => TimestampCountersignature.Verify(token, SignatureValue, [_root]));

        // Then
        Assert.Contains("genTime 2025-06-01T12:00:00Z is outside the TSA certificate \"CN=Test TSA\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CertificateWithoutTimeStampingUsage_IsRejected()
    {
        // Given
        using var codeSigning = Tsa(_root, GenTime.AddYears(-1), GenTime.AddYears(1), "1.3.6.1.5.5.7.3.3");
        var token = Token(codeSigning, SHA256.HashData(SignatureValue), GenTime);

        // When
        var error = Assert.Throws<TimestampRejectedException>(() => TimestampCountersignature.Verify(token, SignatureValue, [_root]));

        // Then
        Assert.Contains("must have and only have Timestamping as extended key usage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TokenOver64KiB_IsRejectedWithOneLine()
    {
        // When
        var error = Assert.Throws<TimestampRejectedException>(() => TimestampCountersignature.Verify(new byte[65 * 1024], SignatureValue, [_root]));

        // Then
        Assert.Equal("the timestamp countersignature is 66560 bytes, more than the 65536 accepted", error.Message);
    }

    [Fact]
    public void Decode_JwsWithOversizedTimestampHeader_IsAFormatError()
    {
        // Given: a JWS whose unprotected io.cncf.notary.timestampSignature is 70,000 bytes
        var header = Convert.ToBase64String(new byte[70_000]);
        var protectedHeader = B64Url("{\"alg\":\"PS256\"}");
        var jws = "{\"protected\":\"" + protectedHeader + "\",\"payload\":\"e30\",\"signature\":\"AAAA\",\"header\":{\"x5c\":[],\"io.cncf.notary.timestampSignature\":\"" + header + "\"}}";

        // When
        var error = Assert.Throws<FormatException>(() => NotationEnvelope.Decode(NotationEnvelope.JwsMediaType, System.Text.Encoding.UTF8.GetBytes(jws)));

        // Then
        Assert.Contains("timestamp countersignature is more than the 65536 bytes accepted", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(TimestampVerification.Always)]
    [InlineData(TimestampVerification.AfterCertExpiry)]
    public void Check_SigningCertExpiredNowButValidAtTheTimestamp_Passes(TimestampVerification mode)
    {
        // Given: a signing certificate valid for one day around genTime, long expired now
        using var store = TsaStore(_root);
        using var signer = SigningCertificate(GenTime.AddHours(-12), GenTime.AddHours(12));
        var envelope = Envelope(Token(_tsa, SHA256.HashData(SignatureValue), GenTime));

        // When
        var problem = AuthenticTimestamp.Check(envelope, [signer], Rule(store.FullName, mode), Now);

        // Then
        Assert.Null(problem);
    }

    [Fact]
    public void Check_TimestampAfterTheSigningCertificate_Fails()
    {
        // Given: the signing certificate had expired an hour before genTime
        using var store = TsaStore(_root);
        using var signer = SigningCertificate(GenTime.AddDays(-2), GenTime.AddHours(-1));
        var envelope = Envelope(Token(_tsa, SHA256.HashData(SignatureValue), GenTime));

        // When
        var problem = AuthenticTimestamp.Check(envelope, [signer], Rule(store.FullName, TimestampVerification.Always), Now);

        // Then
        Assert.StartsWith("timestamp can be after certificate \"CN=Signer\" validity period, it was expired at \"Sun, 01 Jun 2025 11:00:00 +0000\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoCountersignatureUnderAlways_FailsWithNotationsMessage()
    {
        // Given
        using var store = TsaStore(_root);
        using var signer = SigningCertificate(Now.AddYears(-1), Now.AddYears(1));

        // When
        var problem = AuthenticTimestamp.Check(Envelope(null), [signer], Rule(store.FullName, TimestampVerification.Always), Now);

        // Then
        Assert.Equal("no timestamp countersignature was found in the signature envelope", problem);
    }

    [Fact]
    public void Check_AfterCertExpiryWithAValidCertificate_NeedsNoCountersignature()
    {
        // Given
        using var store = TsaStore(_root);
        using var signer = SigningCertificate(Now.AddYears(-1), Now.AddYears(1));

        // When
        var problem = AuthenticTimestamp.Check(Envelope(null), [signer], Rule(store.FullName, TimestampVerification.AfterCertExpiry), Now);

        // Then
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("tsa", "is missing separator in trust store value \"tsa\"")]
    [InlineData("x509:foo", "unsupported trust store type \"x509\"")]
    [InlineData("tsa:../x", "invalid trust store name")]
    public void TrustStoreValues_Malformed_AreUsageErrors(string value, string expected)
    {
        // When
        var error = Assert.Throws<UsageException>(() => TrustStoreValues.Parse("p", ["ca:valid", value]));

        // Then
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static NotationRule Rule(string tsaStore, TimestampVerification mode) =>
        new("r/*", "unused", [TrustedIdentity.Parse("*")], NotationLevel.Strict) { TsaTrustStore = tsaStore, VerifyTimestamp = mode };

    private static NotationEnvelope Envelope(byte[]? token) =>
        new("jws", "PS256", [], SignatureValue, [], [], "notary.x509", Now, null, [], token);

    private static TempStore TsaStore(X509Certificate2 root)
    {
        var dir = Directory.CreateTempSubdirectory("drydock-tests-tsa-");
        File.WriteAllText(Path.Combine(dir.FullName, "root.pem"), root.ExportCertificatePem());
        return new TempStore(dir.FullName);
    }

    private sealed class TempStore(string fullName) : IDisposable
    {
        public string FullName { get; } = fullName;

        public void Dispose() => Directory.Delete(FullName, recursive: true);
    }

    private static X509Certificate2 Root(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(GenTime.AddYears(-10), GenTime.AddYears(10));
    }

    private X509Certificate2 Tsa(X509Certificate2 root, DateTimeOffset from, DateTimeOffset to, string usage = "1.3.6.1.5.5.7.3.8")
    {
        var request = new CertificateRequest("CN=Test TSA", _tsaKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], true));
        using var issued = request.Create(root, from, to, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(_tsaKey);
    }

    private static X509Certificate2 SigningCertificate(DateTimeOffset from, DateTimeOffset to)
    {
        using var key = RSA.Create(2048);
        return new CertificateRequest("CN=Signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pss).CreateSelfSigned(from, to);
    }

    private static byte[] Token(X509Certificate2 tsa, byte[] imprint, DateTimeOffset genTime)
    {
        var info = new Rfc3161TimestampTokenInfo(new Oid("1.2.3.4"), new Oid("2.16.840.1.101.3.4.2.1"), imprint, new byte[] { 1, 2, 3 }, genTime);
        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), info.Encode()));
        cms.ComputeSignature(new CmsSigner(tsa) { IncludeOption = X509IncludeOption.EndCertOnly });
        return cms.Encode();
    }

    private static string B64Url(string text) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
