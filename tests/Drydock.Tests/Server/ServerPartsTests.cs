using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Drydock.Hosts.Audit;
using Drydock.Reports;
using Drydock.Server;
using Drydock.Server.Agents;
using Drydock.Server.Storage;

namespace Drydock.Tests.Server;

/// <summary>The server's pure parts: listen addresses, tokens and scopes, agent audit parsing, the agent endpoint.</summary>
public sealed class ServerPartsTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    public void ListenAddress_HostPort_Parsed(string text, string host, int port)
    {
        // When
        var address = ListenAddress.Parse(text);

        // Then
        Assert.Equal((host, port), (address.Host, address.Port));
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("host:")]
    [InlineData("host:70000")]
    [InlineData("host:-1")]
    public void ListenAddress_NotHostPort_UsageError(string text) =>
        Assert.Throws<UsageException>(() => ListenAddress.Parse(text));

    [Fact]
    public void NewToken_Random_HashIsSha256OfTheToken()
    {
        // When
        var a = TokenStore.NewToken();
        var b = TokenStore.NewToken();

        // Then
        Assert.NotEqual(a, b);
        Assert.Matches("^ddk_[A-Za-z0-9_-]{43}$", a);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(a)), TokenStore.Hash(a));
    }

    [Theory]
    [InlineData("read", "read", true)]
    [InlineData("read", "scan", false)]
    [InlineData("scan,read", "scan", true)]
    [InlineData("agent", "read", false)]
    [InlineData("admin", "agent", true)]
    public void Allows_ScopeHeld_OnlyWhatItNames(string held, string needed, bool allowed) =>
        Assert.Equal(allowed, TokenScopes.Allows(held.Split(','), needed));

    [Fact]
    public void Parse_HostAuditJson_HostsAndContainersByManifestDigest()
    {
        // Given: a report as 'drydock host audit --format json' writes it
        var digest = "sha256:" + new string('a', 64);
        var report = new HostAuditReport(DateTimeOffset.UnixEpoch, [new AuditedHost("tcp://h1:2376", "1.43", null)],
            [new AuditedContainer { Host = "tcp://h1:2376", Name = "web", Id = "c1", Image = "app:1", ImageId = "sha256:1", ImageDigest = "registry.test/app@" + digest, Stale = true, Running = true }], []);
        using var json = new MemoryStream();
        HostAuditJsonWriter.Write(report, json);
        using var doc = JsonDocument.Parse(json.ToArray());

        // When
        var (hosts, containers) = HostStore.Parse(doc.RootElement);

        // Then
        Assert.Equal(["tcp://h1:2376"], hosts);
        var c = Assert.Single(containers);
        Assert.Equal(("web", digest, true, true), (c.Name, c.ImageDigest, c.Stale, c.Running));
    }

    [Theory]
    [InlineData("[]", "not a host audit")]
    [InlineData("""{"containers": []}""", "'hosts' is missing")]
    [InlineData("""{"hosts": [{"host": "h"}], "containers": [{"host": "h", "name": "n", "id": "i", "image": "x", "imageId": "y"}]}""", "containers[0].running")]
    [InlineData("""{"hosts": [{"host": "h"}], "containers": [{"host": "other", "name": "n", "id": "i", "image": "x", "imageId": "y", "running": true}]}""", "names host 'other'")]
    public void Parse_NotAHostAudit_FormatExceptionNamesTheField(string json, string message)
    {
        // Given
        using var doc = JsonDocument.Parse(json);

        // When
        var e = Assert.Throws<FormatException>(() => HostStore.Parse(doc.RootElement));

        // Then
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://drydock.test:8080", "https://drydock.test:8080/api/v1/agents/audits")]
    [InlineData("https://drydock.test/base/", "https://drydock.test/base/api/v1/agents/audits")]
    [InlineData("http://drydock.test/api/v1/agents/audits", "http://drydock.test/api/v1/agents/audits")]
    public void Endpoint_ServerUrl_AgentAuditsPath(string server, string expected) =>
        Assert.Equal(expected, AuditUploader.Endpoint(server).ToString());

    [Fact]
    public void Endpoint_NotHttp_UsageError() =>
        Assert.Throws<UsageException>(() => AuditUploader.Endpoint("drydock.test:8080"));
}
