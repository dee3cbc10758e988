using Drydock.Controls;
using Drydock.Model;
using Drydock.Policy;
using Drydock.Vulnerabilities;

namespace Drydock.Tests.Controls;

public sealed class PolicyLoaderTests
{
    [Fact]
    public void Parse_FullPolicy_ReadsEverySection()
    {
        // Given
        const string yaml = """
            version: 1
            trustedBases:
              - docker.io/library/*
              - image: registry.example.com/base/*:*-slim
                digests: [sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]
            requiredSigners:
              - repositories: registry.example.com/team/*
                keys: [keys/cosign.pub]
            additionalUnnecessaryPackages: [vim]
            setuidAllowList: [/usr/bin/passwd]
            secretAllowList: [jwt]
            controls:
              CIS-4.6: { enabled: false }
              CIS-4.8: { severity: low }
            gate:
              severity: [CRITICAL, HIGH]
              ignoreUnfixed: true
              exitCode: 1
              minAgeDays: 3
            """;

        // When
        var policy = PolicyLoader.Parse(new StringReader(yaml), "/etc/drydock/drydock.yaml", ControlCatalog.Ids);

        // Then
        Assert.Equal(2, policy.TrustedBases.Count);
        Assert.Single(policy.TrustedBases[1].Digests);
        Assert.Equal("/etc/drydock/keys/cosign.pub", policy.RequiredSigners.Single().KeyFiles.Single());
        Assert.Contains("vim", policy.UnnecessaryPackages);
        Assert.Contains("openssh-server", policy.UnnecessaryPackages);
        Assert.False(policy.IsEnabled("CIS-4.6"));
        Assert.Equal(Severity.Low, policy.SeverityOf("CIS-4.8", Severity.High));
        Assert.Equal([Severity.Critical, Severity.High], policy.Gate.Severities);
        Assert.True(policy.Gate.IgnoreUnfixed);
        Assert.Equal(1, policy.Gate.ExitCode);
        Assert.Equal(3, policy.Gate.MinAgeDays);
    }

    [Theory]
    [InlineData("trustedBase: []", 1, "unknown key 'trustedBase'")]
    [InlineData("version: 1\ngate:\n  exitCode: many", 3, "expected a whole number")]
    [InlineData("controls:\n  CIS-9.9: { enabled: false }", 2, "unknown control 'CIS-9.9'")]
    [InlineData("gate:\n  severity: [SEVERE]", 2, "unknown severity 'SEVERE'")]
    [InlineData("trustedBases:\n  - image: x\n    digests: [md5:1]", 3, "invalid digest")]
    [InlineData("gate: [unclosed", 2, "invalid YAML")]
    public void Parse_BadPolicy_ErrorNamesFileAndLine(string yaml, int line, string message)
    {
        var e = Assert.Throws<UsageException>(() => PolicyLoader.Parse(new StringReader(yaml), "drydock.yaml", ControlCatalog.Ids));
        Assert.StartsWith($"drydock.yaml:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.ExitCode);
    }
}
