using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// A server process on a fresh database of the fixture's PostgreSQL (API and one worker unless told otherwise),
/// started with a known admin token, and an HTTP client that speaks to it from outside.
/// </summary>
internal sealed class ServerSession : IDisposable
{
    public const string AdminToken = "ddk_test-admin-token-0123456789abcdef";

    private ServerSession(ServerFixture fixture, string connectionString, ServerProcess process)
    {
        Fixture = fixture;
        ConnectionString = connectionString;
        Process = process;
        Http = new HttpClient { BaseAddress = new Uri(process.BaseUrl!), Timeout = TimeSpan.FromSeconds(30) };
    }

    public ServerFixture Fixture { get; }
    public string ConnectionString { get; }
    public ServerProcess Process { get; }
    public HttpClient Http { get; }

    public static Task<ServerSession> StartAsync(ServerFixture fixture, params string[] extra) => StartOnDatabaseAsync(fixture, fixture.DatabasePath, extra);

    /// <summary>As <see cref="StartAsync"/>, with <paramref name="databasePath"/> as the server's <c>--db</c> (a test that replaces the file).</summary>
    public static async Task<ServerSession> StartOnDatabaseAsync(ServerFixture fixture, string databasePath, params string[] extra)
    {
        var dsn = await fixture.NewDatabaseAsync();
        var process = ServerProcess.Start(fixture.NewProcessDirectory("api"), new Dictionary<string, string> { ["DRYDOCK_TOKEN"] = AdminToken },
            ["--postgres", dsn, "--listen", "127.0.0.1:" + TestRoot.FreePort(), "--db", databasePath,
             "--insecure-registry", fixture.Plain!.Host, "--insecure-registry", fixture.Basic!.Host, .. extra]);
        await process.WaitReadyAsync();
        return new ServerSession(fixture, dsn, process);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? token = AdminToken, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Http.BaseAddress!, path)) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>Creates a token with <paramref name="scopes"/> through the API (as the admin).</summary>
    public async Task<string> TokenAsync(params string[] scopes)
    {
        var (status, body, _) = await SendAsync(Request(HttpMethod.Post, "/api/v1/tokens", content: JsonContent.Create(new { name = "test", scopes })));
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["token"]!.GetValue<string>();
    }

    /// <summary>Submits a scan and polls it until it is done or failed (2 minutes at most).</summary>
    public async Task<JsonNode> ScanAsync(string reference, string? token = AdminToken)
    {
        var (status, body, _) = await SendAsync(Request(HttpMethod.Post, "/api/v1/scans", token, JsonContent.Create(new { reference })));
        Assert.True(status == HttpStatusCode.Accepted, $"{status}: {body}");
        return await WaitDoneAsync(body!["id"]!.GetValue<long>());
    }

    public async Task<JsonNode> WaitDoneAsync(long id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var (_, body, _) = await SendAsync(Request(HttpMethod.Get, $"/api/v1/scans/{id}"));
            if (body!["state"]!.GetValue<string>() is "done" or "failed") return body;
            await Task.Delay(200);
        }
        throw new TimeoutException($"scan {id} did not finish; server log:\n{Process.Log}");
    }

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
    }
}
