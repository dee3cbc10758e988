using System.Security.Cryptography;
using System.Text;
using Drydock.Images.Sources.Engine;

namespace Drydock.Tests.Images.Engine;

/// <summary>The Docker CLI's context store, written in the test as `docker context create` lays it out.</summary>
public sealed class DockerContextsTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("drydock-contexts-").FullName;

    [Fact]
    public void Endpoint_TcpContextWithTlsFolder_HostAndCertificatesFromTheStore()
    {
        // Given
        var tls = Write("prod", "tcp://10.1.2.3:2376", skipVerify: false, withTls: true);

        // When
        var endpoint = DockerContexts.Endpoint("prod", _config)!;

        // Then
        Assert.Equal("tcp://10.1.2.3:2376", endpoint.Host);
        Assert.Equal(tls, endpoint.TlsCertPath);
        Assert.True(endpoint.TlsVerify);
        Assert.Equal("prod", endpoint.Context);
    }

    [Fact]
    public void Endpoint_SkipTlsVerify_TlsWithoutVerification()
    {
        // Given
        Write("lab", "tcp://lab:2376", skipVerify: true, withTls: true);

        // When / Then
        Assert.False(DockerContexts.Endpoint("lab", _config)!.TlsVerify);
    }

    [Fact]
    public void Endpoint_SshContext_SshTarget()
    {
        // Given
        Write("edge", "ssh://ops@edge-7:2200", skipVerify: false, withTls: false);

        // When
        var endpoint = DockerContexts.Endpoint("edge", _config)!;

        // Then
        Assert.Equal(new SshTarget("ops", "edge-7", 2200), endpoint.Ssh);
    }

    [Fact]
    public void Endpoint_Default_NullMeaningTheEnvironment()
    {
        // Given / When / Then
        Assert.Null(DockerContexts.Endpoint("default", _config));
    }

    [Fact]
    public void Endpoint_Missing_UsageErrorNamingContextAndFile()
    {
        // Given / When
        var e = Assert.Throws<UsageException>(() => DockerContexts.Endpoint("nope", _config));

        // Then
        Assert.Contains("'nope'", e.Message);
        Assert.Contains(Path.Combine(_config, "contexts", "meta"), e.Message);
    }

    [Fact]
    public void Endpoint_MetaWithoutDockerHost_UsageError()
    {
        // Given
        var dir = Directory.CreateDirectory(Path.Combine(_config, "contexts", "meta", Id("k8s"))).FullName;
        File.WriteAllText(Path.Combine(dir, "meta.json"), """{"Name":"k8s","Endpoints":{"kubernetes":{}}}""");

        // When
        var e = Assert.Throws<UsageException>(() => DockerContexts.Endpoint("k8s", _config));

        // Then
        Assert.Contains("Endpoints.docker.Host", e.Message);
    }

    [Fact]
    public void Current_VariableWinsOverConfigJson_ConfigJsonOverDefault()
    {
        // Given
        File.WriteAllText(Path.Combine(_config, "config.json"), """{"auths":{},"currentContext":"from-config"}""");

        // When / Then
        Assert.Equal("from-variable", DockerContexts.Current("from-variable", _config));
        Assert.Equal("from-config", DockerContexts.Current(null, _config));
        File.WriteAllText(Path.Combine(_config, "config.json"), """{"auths":{}}""");
        Assert.Equal("default", DockerContexts.Current("", _config));
    }

    private string Write(string name, string host, bool skipVerify, bool withTls)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_config, "contexts", "meta", Id(name))).FullName;
        File.WriteAllText(Path.Combine(dir, "meta.json"),
            "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":" + (skipVerify ? "true" : "false") + "}}}");
        var tls = Path.Combine(_config, "contexts", "tls", Id(name), "docker");
        if (withTls)
        {
            Directory.CreateDirectory(tls);
            File.WriteAllText(Path.Combine(tls, "ca.pem"), "not read by this test");
        }
        return tls;
    }

    private static string Id(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    public void Dispose() => Directory.Delete(_config, recursive: true);
}
