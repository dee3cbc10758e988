using System.Net.Sockets;
using System.Text;
using Drydock.Freshness;
using Drydock.Hosts;
using Drydock.Hosts.Audit;
using Drydock.Tests.Freshness;

namespace Drydock.Tests.Hosts;

/// <summary>
/// The per-host timeout of a fleet audit: an engine that answers <c>/_ping</c> and then never answers again is reported
/// as timed out, within the bound, instead of holding the whole audit.
/// </summary>
public sealed class MultiHostAuditTimeoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-hang-").FullName;

    [Fact]
    public async Task RunAsync_EngineHangsAfterPing_HostReportedTimedOutWithinTheBound()
    {
        // Given
        var socketPath = Path.Combine(_dir, "docker.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(8);
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, stop.Token);
        var auditor = new HostAuditor(new FreshnessChecker(_ => new FakeRegistryLookup()), new HostAuditOptions { Clock = TimeProvider.System });
        var audit = new MultiHostAudit(auditor, 2, TimeSpan.FromMinutes(1), NullProgressSink.Instance, TimeSpan.FromSeconds(1));
        var started = DateTimeOffset.UtcNow;

        // When
        var report = await audit.RunAsync([new HostEntry("unix://" + socketPath, null, true)], DateTimeOffset.UnixEpoch, CancellationToken.None);

        // Then
        var host = Assert.Single(report.Hosts);
        Assert.Equal("host audit timed out after 1 s (--host-timeout)", host.Error);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        listener.Close();
        await serving;
    }

    /// <summary>Answers <c>GET /_ping</c> as dockerd does (API 1.41) and closes; any other request is read and never answered.</summary>
    private static async Task ServeAsync(Socket listener, CancellationToken ct)
    {
        var held = new List<Socket>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(ct);
                var buffer = new byte[8192];
                var read = 0;
                while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await client.ReceiveAsync(buffer.AsMemory(read), ct);
                    if (n == 0) break;
                    read += n;
                }
                if (Encoding.ASCII.GetString(buffer, 0, read).Contains("/_ping", StringComparison.Ordinal))
                {
                    await client.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"), ct);
                    client.Shutdown(SocketShutdown.Both);
                    client.Dispose();
                }
                else
                {
                    held.Add(client);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the test is over
        }
        foreach (var s in held) s.Dispose();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
