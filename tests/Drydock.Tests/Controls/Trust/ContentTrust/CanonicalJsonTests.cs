using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Drydock.Controls.Trust.ContentTrust;

namespace Drydock.Tests.Controls.Trust.ContentTrust;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Encode_KeysSortedByBytesAndWhitespaceDropped()
    {
        // Given: keys out of order, nested, with whitespace; "B" (0x42) sorts before "a" (0x61), "é" after both
        var json = "{ \"b\": [1, 2, {\"z\": null, \"a\": true}],\n \"a\": \"x\", \"B\": false, \"é\": -3 }";

        // When
        var canonical = Encoding.UTF8.GetString(CanonicalJson.Encode(JsonDocument.Parse(json).RootElement));

        // Then
        Assert.Equal("{\"B\":false,\"a\":\"x\",\"b\":[1,2,{\"a\":true,\"z\":null}],\"é\":-3}", canonical);
    }

    [Fact]
    public void Encode_OnlyQuoteAndBackslashEscaped()
    {
        // Given: characters a plain JSON encoder escapes (<, >, &, a newline, U+2028) that canonical JSON writes as they are
        var json = "{\"s\":\"a\\\"b\\\\c<>&\\n\\u2028\\u00e9\"}";

        var canonical = CanonicalJson.Encode(JsonDocument.Parse(json).RootElement);

        Assert.Equal(Encoding.UTF8.GetBytes("{\"s\":\"a\\\"b\\\\c<>&\n\u2028é\"}"), canonical);
    }

    [Fact]
    public void Encode_SameDataDifferentSpelling_SameBytes()
    {
        var a = CanonicalJson.Encode(JsonDocument.Parse("{\"version\":2,\"expires\":\"2030-01-01T00:00:00Z\"}").RootElement);
        var b = CanonicalJson.Encode(JsonDocument.Parse("{ \"expires\" : \"2030-01-01T00:00:00\\u005a\",\n\t\"version\" : 2 }").RootElement);

        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("{\"length\":1.5}")]
    [InlineData("{\"length\":1e3}")]
    [InlineData("{\"length\":99999999999999999999}")]
    public void Encode_NumberThatIsNotAWholeInt64_Refused(string json)
    {
        var e = Assert.Throws<ContentTrustException>(() => CanonicalJson.Encode(JsonDocument.Parse(json).RootElement));

        Assert.StartsWith("metadata holds a number that is not a whole number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verifies_EcdsaP256_RawAndDerSignaturesAcceptedWrongMessageRefused()
    {
        // Given
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = Key("ecdsa", ec.ExportSubjectPublicKeyInfo());
        var message = "{\"a\":1}"u8.ToArray();

        // When / Then
        Assert.True(key.Verifies("ecdsa", message, ec.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        Assert.True(key.Verifies("ecdsa", message, ec.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
        Assert.False(key.Verifies("ecdsa", "{\"a\":2}"u8.ToArray(), ec.SignData(message, HashAlgorithmName.SHA256)));
        Assert.False(key.Verifies("rsapss", message, ec.SignData(message, HashAlgorithmName.SHA256)));
    }

    [Fact]
    public void Verifies_RsaPssAndPkcs1_EachOnlyUnderItsMethod()
    {
        using var rsa = RSA.Create(2048);
        var key = Key("rsa", rsa.ExportSubjectPublicKeyInfo());
        var message = "{\"a\":1}"u8.ToArray();
        var pss = rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        var pkcs1 = rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.True(key.Verifies("rsapss", message, pss));
        Assert.False(key.Verifies("rsapkcs1v15", message, pss));
        Assert.True(key.Verifies("rsapkcs1v15", message, pkcs1));
        Assert.False(key.Verifies("ecdsa", message, pss));
    }

    [Fact]
    public void Verifies_Ed25519Rfc8032Vector2_VerifiesAndRejectsAnotherMessage()
    {
        // Given: RFC 8032 §7.1 TEST 2 (message 0x72), the raw 32-byte key as notary's ed25519 keys carry it
        var key = Key("ed25519", Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
        var signature = Convert.FromHexString(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

        Assert.True(key.Verifies("eddsa", [0x72], signature));
        Assert.True(key.Verifies("ed25519", [0x72], signature));
        Assert.False(key.Verifies("ed25519", [0x73], signature));
        Assert.False(key.Verifies("ecdsa", [0x72], signature));
    }

    [Theory]
    [InlineData("{\"keytype\":\"dsa\",\"keyval\":{\"public\":\"AAAA\"}}", "unsupported or malformed key of type 'dsa'")]
    [InlineData("{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"AAAA\"}}", "unsupported or malformed key of type 'ed25519'")]
    [InlineData("{\"keytype\":\"ecdsa-x509\",\"keyval\":{\"public\":\"AAAA\"}}", "a certificate key does not parse")]
    [InlineData("{\"keytype\":\"ecdsa\"}", "a key has no keyval")]
    public void Parse_BadKey_OneClearLine(string json, string expected)
    {
        var e = Assert.Throws<ContentTrustException>(() => TufKey.Parse(JsonDocument.Parse(json).RootElement));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    private static TufKey Key(string type, byte[] material) =>
        TufKey.Parse(JsonDocument.Parse($"{{\"keytype\":\"{type}\",\"keyval\":{{\"private\":null,\"public\":\"{Convert.ToBase64String(material)}\"}}}}").RootElement);
}
