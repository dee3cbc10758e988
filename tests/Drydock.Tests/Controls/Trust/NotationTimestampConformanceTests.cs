using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Drydock.Controls.Trust.Notation;
using Drydock.Policy;

namespace Drydock.Tests.Controls.Trust;

/// <summary>
/// Every "timestamp_cases" entry of ../shared/testdata/notation/EXPECTED_notation.json (notation-go's TestAuthenticTimestamp):
/// the authentic-timestamp step alone, as upstream calls it, with its pass/fail and, where given, its error text.
/// </summary>
public sealed class NotationTimestampConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        if (!SharedTestData.Available)
        {
            data.Add("(shared testdata absent)");
            return data;
        }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedTestData.Path("notation/EXPECTED_notation.json")));
        foreach (var c in doc.RootElement.GetProperty("timestamp_cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void AuthenticTimestamp_UpstreamCase_MatchesExpectedVerdictAndError(string name)
    {
        // Given
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedTestData.Path("notation/EXPECTED_notation.json")));
        var c = doc.RootElement.GetProperty("timestamp_cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var expectedPass = c.GetProperty("expected").GetString() == "pass";
        var expectedError = c.GetProperty("expectedError").GetString();

        // When
        var problem = Run(c);

        // Then
        if (expectedPass)
        {
            Assert.Null(problem);
            return;
        }
        Assert.NotNull(problem);
        if (expectedError is null) return;
        if (problem.StartsWith("invalid trust policy statement", StringComparison.Ordinal))
        {
            // notation wraps the policy error in the timestamp step's words; ours is the policy error itself.
            Assert.EndsWith(problem, expectedError, StringComparison.Ordinal);
            return;
        }
        // Go's asn1 decoder describes the malformed field in its own words: compare up to them.
        var asn1 = expectedError.IndexOf(": asn1:", StringComparison.Ordinal);
        Assert.Contains(asn1 < 0 ? expectedError : expectedError[..asn1], problem, StringComparison.Ordinal);
    }

    private static string? Run(JsonElement c)
    {
        var (statement, level, verifyTimestamp, stores) = Policy(c);
        IReadOnlyList<TrustStoreValue> values;
        try
        {
            values = TrustStoreValues.Parse(statement, stores);
        }
        catch (UsageException e)
        {
            return e.Message;
        }
        var tsa = values.FirstOrDefault(v => v.Type == "tsa");
        // Upstream's "test-empty" is a stub store returning no certificates: here an empty directory of our own.
        var empty = tsa?.Name == "test-empty" ? Directory.CreateTempSubdirectory("drydock-tests-tsa-") : null;
        var rule = new NotationRule("*", "unused", [TrustedIdentity.Parse("*")], level)
        {
            TsaTrustStore = tsa is null ? null : empty?.FullName ?? tsa.Directory(SharedTestData.Path("notation/notation-go/verifier/testdata/truststore/x509")),
            VerifyTimestamp = verifyTimestamp,
        };
        var path = c.GetProperty("envelope").GetString()!;
        var bytes = File.ReadAllBytes(SharedTestData.Path("notation/" + path));
        var envelope = NotationEnvelope.Decode(bytes[0] == '{' ? NotationEnvelope.JwsMediaType : NotationEnvelope.CoseMediaType, bytes);
        if (c.TryGetProperty("replaceTimestampWith", out var token))
            envelope = envelope with { TimestampToken = File.ReadAllBytes(SharedTestData.Path("notation/" + token.GetString())) };
        if (c.TryGetProperty("replaceSignatureWith", out var signature))
            envelope = envelope with { Signature = System.Text.Encoding.ASCII.GetBytes(signature.GetString()!.Split(' ')[0]) };
        var chain = envelope.CertificateChain.Select(d => X509CertificateLoader.LoadCertificate(d)).ToList();
        try
        {
            return AuthenticTimestamp.Check(envelope, chain, rule, Now);
        }
        finally
        {
            foreach (var certificate in chain) certificate.Dispose();
            empty?.Delete();
        }
    }

    private static (string Statement, NotationLevel Level, TimestampVerification Verify, List<string> Stores) Policy(JsonElement c)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedTestData.Path("notation/" + c.GetProperty("policy").GetString())));
        var statement = doc.RootElement.GetProperty("trustPolicies")[0];
        var verification = statement.GetProperty("signatureVerification");
        var stores = statement.GetProperty("trustStores");
        if (c.TryGetProperty("policyOverride", out var over))
        {
            if (over.TryGetProperty("signatureVerification", out var v)) verification = v;
            if (over.TryGetProperty("trustStores", out var s)) stores = s;
        }
        var level = Enum.Parse<NotationLevel>(verification.GetProperty("level").GetString()!, ignoreCase: true);
        var verify = verification.TryGetProperty("verifyTimestamp", out var t) && t.GetString() == "afterCertExpiry"
            ? TimestampVerification.AfterCertExpiry
            : TimestampVerification.Always;
        return (statement.GetProperty("name").GetString()!, level, verify, stores.EnumerateArray().Select(e => e.GetString()!).ToList());
    }
}
