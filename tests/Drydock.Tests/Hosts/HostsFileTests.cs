using Drydock.Hosts;

namespace Drydock.Tests.Hosts;

public sealed class HostsFileTests
{
    [Fact]
    public void Parse_PlainLines_HostsWithTlsMaterial()
    {
        // Given
        const string text = "# engines\nunix:///var/run/docker.sock\ntcp://10.0.0.5:2376 certPath=/etc/drydock/h5\ntcp://10.0.0.6:2376 certPath=/d tlsVerify=false\n";

        // When
        var hosts = HostsFile.Parse(text, "hosts.txt");

        // Then
        Assert.Equal(3, hosts.Count);
        Assert.Equal(new HostEntry("unix:///var/run/docker.sock", null, true), hosts[0]);
        Assert.Equal(new HostEntry("tcp://10.0.0.5:2376", "/etc/drydock/h5", true), hosts[1]);
        Assert.False(hosts[2].TlsVerify);
    }

    [Fact]
    public void Parse_Yaml_HostsWithCertPath()
    {
        // Given
        const string text = "hosts:\n  - host: tcp://10.0.0.5:2376\n    certPath: /etc/drydock/h5\n  - host: unix:///run/podman/podman.sock\n";

        // When
        var hosts = HostsFile.Parse(text, "hosts.yaml");

        // Then
        Assert.Equal([new HostEntry("tcp://10.0.0.5:2376", "/etc/drydock/h5", true), new HostEntry("unix:///run/podman/podman.sock", null, true)], hosts);
    }

    [Fact]
    public void Parse_UnknownScheme_UsageException()
    {
        // Given / When / Then
        var e = Assert.Throws<UsageException>(() => HostsFile.Parse("npipe:////./pipe/docker_engine\n", "h"));
        Assert.Contains("unix:///path, tcp://host:port or ssh://[user@]host[:port]", e.Message, StringComparison.Ordinal);
    }
}
