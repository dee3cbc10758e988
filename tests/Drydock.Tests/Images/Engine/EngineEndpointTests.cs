using Drydock.Images.Sources.Engine;

namespace Drydock.Tests.Images.Engine;

public sealed class EngineEndpointTests
{
    [Fact]
    public void Parse_Unset_DefaultUnixSocket()
    {
        // Given / When
        var endpoint = EngineEndpoint.Parse(null);

        // Then
        Assert.Equal("/var/run/docker.sock", endpoint.SocketPath);
        Assert.Equal(EngineEndpoint.DefaultHost, endpoint.Host);
    }

    [Fact]
    public void Parse_UnixPath_SocketPath()
    {
        // Given / When
        var endpoint = EngineEndpoint.Parse("unix:///tmp/drydock/docker.sock");

        // Then
        Assert.Equal("/tmp/drydock/docker.sock", endpoint.SocketPath);
        Assert.Null(endpoint.TlsCertPath);
    }

    [Fact]
    public void Parse_TcpWithoutPort_PlainHttpOn2375()
    {
        // Given / When
        var endpoint = EngineEndpoint.Parse("tcp://10.0.0.5");

        // Then
        Assert.Null(endpoint.SocketPath);
        Assert.Equal("http://10.0.0.5:2375/", endpoint.BaseAddress.ToString());
    }

    [Fact]
    public void Parse_TcpWithTlsCertPath_Https()
    {
        // Given / When
        var endpoint = EngineEndpoint.Parse("tcp://docker.example:2376", "/home/u/.docker");

        // Then
        Assert.Equal("https://docker.example:2376/", endpoint.BaseAddress.ToString());
        Assert.Equal("/home/u/.docker", endpoint.TlsCertPath);
    }

    [Fact]
    public void Parse_BareAbsolutePath_UnixSocket()
    {
        // Given / When
        var endpoint = EngineEndpoint.Parse("/run/podman/podman.sock");

        // Then
        Assert.Equal("/run/podman/podman.sock", endpoint.SocketPath);
        Assert.Equal("unix:///run/podman/podman.sock", endpoint.Host);
    }

    [Fact]
    public void Parse_TlsVerifyFalse_TlsWithoutVerification()
    {
        // Given / When: a hosts file line 'tcp://h:2376 certPath=DIR tlsVerify=false'
        var endpoint = EngineEndpoint.Parse("tcp://h:2376", "/etc/drydock/h", tlsVerify: false);

        // Then
        Assert.Equal("https://h:2376/", endpoint.BaseAddress.ToString());
        Assert.False(endpoint.TlsVerify);
    }

    [Fact]
    public void FromEnvironment_HostOnTlsPort_UsesTls()
    {
        // Given / When: --host tcp://h:2376 (Docker's TLS port) without DOCKER_TLS_VERIFY
        var endpoint = EngineEndpoint.FromEnvironment("tcp://h:2376");

        // Then
        Assert.Equal("https://h:2376/", endpoint.BaseAddress.ToString());
        Assert.NotNull(endpoint.TlsCertPath);
        Assert.True(endpoint.TlsVerify);
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("ssh://user@host/path")]
    [InlineData("unix://relative.sock")]
    [InlineData("tcp://host:2375/path")]
    public void Parse_Unsupported_UsageError(string host)
    {
        // Given / When
        var error = Assert.Throws<UsageException>(() => EngineEndpoint.Parse(host));

        // Then
        Assert.Contains(host, error.Message, StringComparison.Ordinal);
    }
}
