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

    [Theory]
    [InlineData("ssh://user@host")]
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
