using Drydock.Controls;
using Drydock.Policy;

namespace Drydock.Tests.Controls.Trust.ContentTrust;

public sealed class ContentTrustPolicyTests
{
    [Fact]
    public void Parse_ContentTrustAndInsecureRegistries_ReadAsTheIssueShowsThem()
    {
        // Given: the issue's example, plus a trust-on-first-use rule
        const string yaml = """
            contentTrust:
              - repositories: registry.example.com/team/*
                server: https://notary.example.com:4443
                caFile: notary-ca.pem
                rootKeys: [keys/team-root.pem]
              - repositories: registry.example.com/other/*
                server: https://notary.example.com:4443
                trustOnFirstUse: true
            insecureRegistriesAllowed: [registry.internal:5000, build-cache]
            """;

        // When
        var policy = PolicyLoader.Parse(new StringReader(yaml), "/etc/drydock/drydock.yaml", ControlCatalog.Ids);

        // Then
        var pinned = policy.ContentTrust[0];
        Assert.Equal("registry.example.com/team/*", pinned.RepositoryPattern);
        Assert.Equal(new Uri("https://notary.example.com:4443"), pinned.Server);
        Assert.Equal("/etc/drydock/notary-ca.pem", pinned.CaFile);
        Assert.Equal(["/etc/drydock/keys/team-root.pem"], pinned.RootKeys);
        Assert.False(pinned.TrustOnFirstUse);
        Assert.True(policy.ContentTrust[1].TrustOnFirstUse);
        Assert.Empty(policy.ContentTrust[1].RootKeys);
        Assert.Null(policy.ContentTrust[1].CaFile);
        Assert.Equal(["registry.internal:5000", "build-cache"], policy.InsecureRegistriesAllowed);
    }

    [Theory]
    [InlineData("contentTrust:\n  - repositories: a/*\n    server: http://notary:4443\n    trustOnFirstUse: true", "drydock.yaml:3: server 'http://notary:4443' is not an https:// URL")]
    [InlineData("contentTrust:\n  - repositories: a/*\n    server: https://notary:4443", "drydock.yaml:2: a contentTrust rule needs rootKeys, or trustOnFirstUse: true")]
    [InlineData("contentTrust:\n  - repositories: a/*\n    server: https://n\n    rootKeys: [k.pem]\n    trustOnFirstUse: true", "drydock.yaml:2: a contentTrust rule with rootKeys cannot also set trustOnFirstUse")]
    [InlineData("contentTrust:\n  - server: https://n\n    trustOnFirstUse: true", "drydock.yaml:2: a contentTrust rule needs 'repositories'")]
    [InlineData("contentTrust:\n  - repositories: a/*\n    trustOnFirstUse: true", "drydock.yaml:2: a contentTrust rule needs 'server'")]
    [InlineData("contentTrust:\n  - repositories: a/*\n    servr: https://n", "drydock.yaml:3: unknown key 'servr' in a contentTrust rule")]
    [InlineData("insecureRegistriesAllowed: [http://registry:5000]", "drydock.yaml:1: 'http://registry:5000' is not a registry host")]
    public void Parse_BadContentTrustOrInsecureEntry_NamesFileAndLine(string yaml, string expected)
    {
        var e = Assert.Throws<UsageException>(() => PolicyLoader.Parse(new StringReader(yaml), "drydock.yaml", ControlCatalog.Ids));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
