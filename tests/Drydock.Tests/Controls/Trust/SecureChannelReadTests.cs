using System.Net;
using System.Net.Sockets;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Controls.Trust;

/// <summary>
/// CIS 4.2's secure channel: a registry the scan already read from is judged by how its client reached it, not probed
/// again; any other insecure registry is still probed. The hosts here refuse every connection, so a probe can only
/// answer "not reachable": the other answers prove no probe was made.
/// </summary>
public sealed class SecureChannelReadTests
{
    [Theory]
    [InlineData(RegistryChannel.PlainHttp, "read over plain HTTP (no TLS)")]
    [InlineData(RegistryChannel.UnverifiedTls, "read over TLS with certificate verification disabled (the certificate does not verify)")]
    [InlineData(RegistryChannel.VerifiedTls, null)]
    public async Task CheckAsync_RegistryAlreadyRead_HowItWasReadIsTheAnswer(RegistryChannel channel, string? expected)
    {
        var host = RefusingHost();
        var reads = new[] { (ImageReference.Parse($"{host}/app:1"), "the image") };

        var insecure = await SecureChannel.CheckAsync(reads, Options(host), (host, channel), CancellationToken.None);

        Assert.Equal(expected is null ? [] : [new InsecureChannel(host, "the image", expected)], insecure);
    }

    [Fact]
    public async Task CheckAsync_OtherRegistry_StillProbed()
    {
        // Given: the image was read from one insecure registry; its base names another
        var imageHost = RefusingHost();
        var baseHost = RefusingHost();
        var reads = new[] { (ImageReference.Parse($"{imageHost}/app:1"), "the image"), (ImageReference.Parse($"{baseHost}/base:1"), "its base base") };

        // When
        var insecure = await SecureChannel.CheckAsync(reads, Options(imageHost, baseHost), (imageHost, RegistryChannel.PlainHttp), CancellationToken.None);

        // Then: the image's registry as its client read it; the base's as the probe found it (nothing answers there)
        Assert.Equal(
            [
                new InsecureChannel(imageHost, "the image", "read over plain HTTP (no TLS)"),
                new InsecureChannel(baseHost, "its base base", "declared insecure and not reachable over verified TLS"),
            ], insecure);
    }

    private static RegistryClientOptions Options(params string[] insecure) => new()
    {
        InsecureRegistries = new HashSet<string>(insecure, StringComparer.OrdinalIgnoreCase),
        CertsDirectory = "/nonexistent",
        Credentials = null,
    };

    // A 127.0.0.1 port nothing listens on (bound, then closed): connections are refused at once.
    private static string RefusingHost()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return $"127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
    }
}
