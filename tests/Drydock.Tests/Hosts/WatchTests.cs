using System.Net;
using System.Text.Json;
using Drydock.Hosts.Watch;

namespace Drydock.Tests.Hosts;

public sealed class WatchTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("6h", 21600)]
    [InlineData("1d", 86400)]
    public void Parse_UnitSuffix_Seconds(string text, int seconds)
    {
        // Given / When
        var span = WatchInterval.Parse(text);

        // Then
        Assert.Equal(TimeSpan.FromSeconds(seconds), span);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("0h")]
    [InlineData("-1m")]
    [InlineData("1w")]
    public void Parse_Invalid_UsageException(string text)
    {
        // Given / When / Then
        Assert.Throws<UsageException>(() => WatchInterval.Parse(text));
    }

    [Fact]
    public async Task RunAsync_ClockAdvancesByInterval_OneMoreCycleEachTime()
    {
        // Given
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var runs = 0;
        using var cts = new CancellationTokenSource();
        var scheduler = new WatchScheduler(TimeSpan.FromHours(6), clock, NullProgressSink.Instance);

        // When
        var task = scheduler.RunAsync(_ => { Interlocked.Increment(ref runs); return Task.CompletedTask; }, cts.Token);
        await WaitUntil(() => clock.PendingTimers == 1);
        var afterStart = runs;
        clock.Advance(TimeSpan.FromHours(5));
        var beforeInterval = runs;
        clock.Advance(TimeSpan.FromHours(1));
        await WaitUntil(() => runs == 2 && clock.PendingTimers == 1);
        await cts.CancelAsync();
        await task;

        // Then
        Assert.Equal(1, afterStart);
        Assert.Equal(1, beforeInterval);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task MetricsServer_Loopback_ServesPrometheusText()
    {
        // Given
        var metrics = new WatchMetrics();
        metrics.AuditFinished(3, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        metrics.Updated();
        metrics.RolledBack();
        await using var server = new MetricsServer(MetricsServer.ParseListen("127.0.0.1:0"), metrics.Render);
        server.Start();
        using var http = new HttpClient();

        // When
        using var response = await http.GetAsync(new Uri($"http://{server.LocalEndpoint}/metrics"));
        var body = await response.Content.ReadAsStringAsync();
        using var missing = await http.GetAsync(new Uri($"http://{server.LocalEndpoint}/other"));

        // Then
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE drydock_images_stale gauge\ndrydock_images_stale 3\n", body, StringComparison.Ordinal);
        Assert.Contains("drydock_containers_updated_total 1\n", body, StringComparison.Ordinal);
        Assert.Contains("drydock_rollbacks_total 1\n", body, StringComparison.Ordinal);
        Assert.Contains("drydock_audit_runs_total 1\n", body, StringComparison.Ordinal);
        Assert.Contains("drydock_last_audit_timestamp_seconds 1700000000\n", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("localhost:9100", "127.0.0.1:9100")]
    [InlineData("[::1]:9100", "[::1]:9100")]
    public void ParseListen_LoopbackForms_Endpoint(string text, string expected)
    {
        // Given / When / Then
        Assert.Equal(expected, MetricsServer.ParseListen(text).ToString());
    }

    [Fact]
    public void ParseListen_HostName_UsageException()
    {
        // Given / When / Then
        Assert.Throws<UsageException>(() => MetricsServer.ParseListen("example.com:9100"));
    }

    [Fact]
    public async Task NotifyAsync_LoopbackReceiver_GetsDocumentedPayload()
    {
        // Given
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        using var http = new HttpClient();
        var notifier = new WebhookNotifier(http, new Uri($"http://127.0.0.1:{port}/hook/"), NullProgressSink.Instance);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        // When
        var receive = listener.GetContextAsync();
        var send = notifier.NotifyAsync(new WebhookEvent("updated", "unix:///run/d.sock", "svc", "sha256:old", "sha256:new", "updated", "healthy", at), default);
        var context = await receive;
        using var doc = await JsonDocument.ParseAsync(context.Request.InputStream);
        context.Response.StatusCode = 204;
        context.Response.Close();
        await send;

        // Then
        var root = doc.RootElement;
        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Equal("updated", root.GetProperty("event").GetString());
        Assert.Equal("svc", root.GetProperty("container").GetString());
        Assert.Equal("sha256:old", root.GetProperty("from").GetString());
        Assert.Equal("sha256:new", root.GetProperty("to").GetString());
        Assert.Equal("2023-11-14T22:13:20Z", root.GetProperty("time").GetString());
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
