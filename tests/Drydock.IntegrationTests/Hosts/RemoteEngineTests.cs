using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// <c>host audit</c> as a process against engines reached over a real sshd (<c>ssh://</c>, the ssh client running
/// <c>docker system dial-stdio</c> on the far side), through a docker context the test writes, and over tcp with mutual
/// TLS against <c>dockerd --tlsverify</c>; and the one-line errors when ssh or TLS refuses.
/// </summary>
[Collection(RemoteEnginesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RemoteEngineTests(RemoteEnginesFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "sshd", "ssh", "ssh-keygen")]
    public async Task Audit_SshHost_ListsTheContainerOfTheEngineBehindSshd()
    {
        // Given
        var sshd = fixture.Sshd!;

        // When
        var result = await DrydockProcess.RunAsync(SshEnvironment(sshd.ClientConfig), "host", "audit", "--host", sshd.EngineUrl, "-f", "json", "--state-dir", StateDir());

        // Then
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var host = Assert.Single(json.RootElement.GetProperty("hosts").EnumerateArray());
        Assert.Equal(sshd.EngineUrl, host.GetProperty("host").GetString());
        Assert.False(host.TryGetProperty("error", out _));
        var container = Assert.Single(json.RootElement.GetProperty("containers").EnumerateArray());
        Assert.Equal("web-ssh", container.GetProperty("name").GetString());
        Assert.Equal(sshd.EngineUrl, container.GetProperty("host").GetString());
    }

    [IntegrationFact("dockerd", "docker", "sshd", "ssh", "ssh-keygen")]
    public async Task Audit_SshKeyNotAuthorised_OneLineNamingTheHostAndSshsReason()
    {
        // Given: a key the server does not know
        var sshd = fixture.Sshd!;

        // When
        var result = await DrydockProcess.RunAsync(SshEnvironment(sshd.WrongKeyConfig), "host", "audit", "--host", sshd.EngineUrl, "--state-dir", StateDir());

        // Then
        Assert.Equal(3, result.ExitCode);
        var last = result.Stderr.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("drydock: ", last);
        Assert.Contains(sshd.EngineUrl, last);
        Assert.Contains("Permission denied", last);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [IntegrationFact("dockerd", "docker", "sshd", "ssh", "ssh-keygen")]
    public async Task Audit_SshPortRefused_OneLineNamingTheHost()
    {
        // Given: nothing listens on this port
        var url = $"ssh://root@127.0.0.1:{TestRoot.FreePort()}";

        // When
        var result = await DrydockProcess.RunAsync(SshEnvironment(fixture.Sshd!.ClientConfig), "host", "audit", "--host", url, "--state-dir", StateDir());

        // Then
        Assert.Equal(3, result.ExitCode);
        var last = result.Stderr.TrimEnd().Split('\n')[^1];
        Assert.Contains(url, last);
        Assert.Contains("Connection refused", last);
    }

    [IntegrationFact("dockerd", "docker", "sshd", "ssh", "ssh-keygen")]
    public async Task Audit_ContextWrittenByTheTest_ReachesTheMutualTlsEngineWithTheContextsCertificates()
    {
        // Given: a docker context store with context "tls-engine" (meta.json and its TLS folder), as `docker context create` writes it
        var config = ContextStore("tls-engine", fixture.TlsHost, fixture.Certificates!.ClientDirectory);
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = "" };

        // When: by --context, and by $DOCKER_CONTEXT
        var byFlag = await DrydockProcess.RunAsync(env, "host", "audit", "--context", "tls-engine", "-f", "json", "--state-dir", StateDir());
        var byVariable = await DrydockProcess.RunAsync(new Dictionary<string, string>(env) { ["DOCKER_CONTEXT"] = "tls-engine" }, "host", "audit", "-f", "json", "--state-dir", StateDir());

        // Then
        foreach (var result in new[] { byFlag, byVariable })
        {
            Assert.True(result.ExitCode == 0, result.Stderr);
            using var json = JsonDocument.Parse(result.Stdout);
            var container = Assert.Single(json.RootElement.GetProperty("containers").EnumerateArray());
            Assert.Equal("web-tls", container.GetProperty("name").GetString());
            Assert.Equal(fixture.TlsHost, container.GetProperty("host").GetString());
        }
    }

    [IntegrationFact("dockerd", "docker", "sshd", "ssh", "ssh-keygen")]
    public async Task Audit_UnknownContext_OneLineAndUsageExit()
    {
        // Given
        var config = ContextStore("tls-engine", fixture.TlsHost, fixture.Certificates!.ClientDirectory);

        // When
        var result = await DrydockProcess.RunAsync(new Dictionary<string, string> { ["DOCKER_CONFIG"] = config }, "host", "audit", "--context", "nope", "--state-dir", StateDir());

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("docker context 'nope' not found", result.Stderr);
    }

    [IntegrationFact("dockerd", "docker", "sshd", "ssh", "ssh-keygen")]
    public async Task Audit_TcpMutualTls_ClientCertificateOfTheCaAccepted_StrangerRefused()
    {
        // Given: DOCKER_TLS_VERIFY with the client folder of the test CA, and one whose certificate another CA signed
        var good = new Dictionary<string, string> { ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = fixture.Certificates!.ClientDirectory };
        var stranger = new Dictionary<string, string> { ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = fixture.Certificates.StrangerDirectory };

        // When
        var accepted = await DrydockProcess.RunAsync(good, "host", "audit", "--host", fixture.TlsHost, "-f", "json", "--state-dir", StateDir());
        var refused = await DrydockProcess.RunAsync(stranger, "host", "audit", "--host", fixture.TlsHost, "--state-dir", StateDir());

        // Then
        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        using var json = JsonDocument.Parse(accepted.Stdout);
        Assert.Equal("web-tls", Assert.Single(json.RootElement.GetProperty("containers").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(3, refused.ExitCode);
        var last = refused.Stderr.TrimEnd().Split('\n')[^1];
        Assert.Contains(fixture.TlsHost, last);
        Assert.DoesNotContain("   at ", refused.Stderr);
    }

    private static Dictionary<string, string> SshEnvironment(string sshConfig) =>
        new() { ["DRYDOCK_SSH_COMMAND"] = $"ssh -F {sshConfig}" };

    private string StateDir() => System.IO.Directory.CreateDirectory(Path.Combine(fixture.Directory, "state-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>A DOCKER_CONFIG folder holding one context in the Docker CLI's store layout.</summary>
    private string ContextStore(string name, string host, string tlsFrom)
    {
        var config = Path.Combine(fixture.Directory, "docker-config-" + Guid.NewGuid().ToString("N")[..8]);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        var meta = System.IO.Directory.CreateDirectory(Path.Combine(config, "contexts", "meta", id)).FullName;
        File.WriteAllText(Path.Combine(meta, "meta.json"),
            "{\"Name\":\"" + name + "\",\"Metadata\":{\"Description\":\"written by RemoteEngineTests\"},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
        var tls = System.IO.Directory.CreateDirectory(Path.Combine(config, "contexts", "tls", id, "docker")).FullName;
        foreach (var file in new[] { "ca.pem", "cert.pem", "key.pem" }) File.Copy(Path.Combine(tlsFrom, file), Path.Combine(tls, file));
        return config;
    }
}
