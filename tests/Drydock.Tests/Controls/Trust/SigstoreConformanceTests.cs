using System.Text.Json;
using Drydock.Tests.Cli;

namespace Drydock.Tests.Controls.Trust;

/// <summary>
/// Every case of the Sigstore conformance suite's bundle-verify assets (../shared/testdata/sigstore, with the verdicts
/// upstream asserts: a folder ending in "_fail" must be rejected, any other verified), run through
/// <c>drydock sigstore verify-bundle</c> twice as upstream does: the artifact as a file and as <c>sha256:HEX</c>.
/// </summary>
public sealed class SigstoreConformanceTests
{
    private static string Data(string relative) => SharedTestData.Path("sigstore/" + relative);

    [SharedDataFact]
    public async Task VerifyBundle_EveryConformanceCase_GivesUpstreamVerdict()
    {
        // Given
        using var expected = JsonDocument.Parse(await File.ReadAllBytesAsync(Data("EXPECTED_bundle_verify.json")));
        var cases = expected.RootElement.GetProperty("cases").EnumerateArray().ToList();
        var wrong = new List<string>();

        // When
        foreach (var c in cases)
        {
            var name = c.GetProperty("case").GetString()!;
            var pass = c.GetProperty("expected").GetString() == "pass";
            foreach (var artifact in new[] { Data(c.GetProperty("artifact").GetString()!), c.GetProperty("artifact_sha256").GetString()! })
            {
                var args = new List<string> { "sigstore", "verify-bundle", "--bundle", Data(c.GetProperty("bundle").GetString()!), "--trusted-root", Data(c.GetProperty("trusted_root").GetString()!) };
                if (c.GetProperty("verify_with").GetString() == "key")
                    args.AddRange(["--key", Data(c.GetProperty("key").GetString()!)]);
                else
                    args.AddRange(["--certificate-identity", c.GetProperty("identity").GetString()!, "--certificate-oidc-issuer", c.GetProperty("issuer").GetString()!]);
                args.Add(artifact);
                var (code, _, error) = await CliRun.RunAsync([.. args]);
                if (code != (pass ? 0 : 1)) wrong.Add($"{name} ({(artifact.StartsWith("sha256:", StringComparison.Ordinal) ? "digest" : "file")}): exit {code}, expected {(pass ? 0 : 1)}: {error.Trim()}");
                else if (!pass && error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length != 1) wrong.Add($"{name}: the rejection is not one line: {error}");
            }
        }

        // Then
        Assert.True(cases.Count >= 61, $"only {cases.Count} cases in EXPECTED_bundle_verify.json");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }
}
