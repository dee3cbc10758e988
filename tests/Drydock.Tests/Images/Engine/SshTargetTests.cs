using Drydock.Images.Sources.Engine;

namespace Drydock.Tests.Images.Engine;

public sealed class SshTargetTests
{
    [Fact]
    public void Parse_UserHostPort_ArgumentsAsTheDockerCliRunsSsh()
    {
        // Given / When
        var target = SshTarget.Parse("ssh://deploy@build-1.example:2222");

        // Then
        Assert.Equal(new SshTarget("deploy", "build-1.example", 2222), target);
        Assert.Equal(["-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T", "-l", "deploy", "-p", "2222", "--", "build-1.example", "docker", "system", "dial-stdio"],
            target.Arguments());
        Assert.Equal("deploy@build-1.example:2222", target.Display);
    }

    [Fact]
    public void Parse_HostOnly_NoUserNoPortLeavesThemToTheSshConfig()
    {
        // Given / When
        var target = SshTarget.Parse("ssh://web-3");

        // Then
        Assert.Equal(["-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T", "--", "web-3", "docker", "system", "dial-stdio"], target.Arguments());
    }

    [Theory]
    [InlineData("ssh://user:secret@host")]
    [InlineData("ssh://host/var/run/docker.sock")]
    [InlineData("ssh://host:0")]
    [InlineData("ssh://host:ssh")]
    [InlineData("ssh://-oProxyCommand=x")]
    [InlineData("ssh://")]
    public void Parse_Malformed_UsageErrorNamingTheValue(string url)
    {
        // Given / When
        var e = Assert.Throws<UsageException>(() => SshTarget.Parse(url));

        // Then
        Assert.Contains(url, e.Message);
    }

    [Fact]
    public void EngineEndpointParse_SshUrl_CarriesTheTarget()
    {
        // Given / When
        var endpoint = EngineEndpoint.Parse("ssh://root@10.0.0.5");

        // Then
        Assert.Equal(new SshTarget("root", "10.0.0.5", null), endpoint.Ssh);
        Assert.Null(endpoint.SocketPath);
        Assert.Null(endpoint.TlsCertPath);
    }
}
