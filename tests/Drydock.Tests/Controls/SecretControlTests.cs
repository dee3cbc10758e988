using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Secrets;

namespace Drydock.Tests.Controls;

public sealed class SecretControlTests
{
    // Token-shaped values assembled at run time so that this source file itself carries no secret-looking literal.
    private static readonly string AwsKey = "AKIA" + "IOSFODNN7EXAMPLE";
    private static readonly string GitHubToken = "ghp_" + new string('a', 20) + "B1c2D3e4F5g6H7i8J9k0";

    [Fact]
    public void Cis410_SecretsInEnvLabelHistoryAndFiles_FailMasked()
    {
        // Given
        var image = new ControlTestImage()
            .Step("ADD file:abc in /")
            .Step($"/bin/sh -c echo //registry.npmjs.org/:_authToken={GitHubToken} > /root/.npmrc")
            .Env("PATH=/usr/bin")
            .Env("AWS_ACCESS_KEY_ID=" + AwsKey)
            .Label("deploy.token", GitHubToken);
        image.Files.AddFile("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n", 1);
        image.Files.AddFile("app/.env", "DB_HOST=db\nDB_PASSWORD=Xk9#mQ2vL7pR4tZw\n", 1);
        image.Files.AddFile("usr/share/doc/pkg/example.key", "-----BEGIN RSA PRIVATE KEY-----\nabc\n", 0);

        // When
        var result = image.Evaluate(new Cis410SecretsControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        var messages = result.Evidence.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("ENV AWS_ACCESS_KEY_ID: AWS access key ID (AKIA", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("LABEL deploy.token: GitHub token", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("history step 1 (RUN): ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("/root/.ssh/id_rsa:1: Private key", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("/app/.env:2: Credential", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("usr/share/doc", StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain(AwsKey, m, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain(GitHubToken, m, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain("Xk9#mQ2vL7pR4tZw", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Cis410_CleanImage_Passes()
    {
        var image = new ControlTestImage().Step("ADD file:abc in /").Env("PATH=/usr/bin").Env("PASSWORD_FILE=/run/secrets/db")
            .Label("org.opencontainers.image.title", "app");
        image.Files.AddFile("app/.env", "PORT=8080\nLOG_LEVEL=info\n");
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis410SecretsControl()).Outcome);
    }

    [Fact]
    public void Cis410_AllowListedRuleAndPath_AreIgnored()
    {
        var image = new ControlTestImage { Policy = DrydockPolicy.Default with { SecretAllowList = ["aws-access-key-id", "/app/test/*.pem"] } }
            .Step("ADD file:abc in /").Env("AWS_ACCESS_KEY_ID=" + AwsKey);
        image.Files.AddFile("app/test/fixture.pem", "-----BEGIN PRIVATE KEY-----\nMIIabc\n");
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis410SecretsControl()).Outcome);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "abcd************")]
    [InlineData("short", "********")]
    public void Mask_Value_KeepsAtMostFourCharacters(string value, string masked) =>
        Assert.Equal(masked, SecretScanner.Mask(value));
}
