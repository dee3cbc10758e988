using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Server;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// <c>--report-to</c> end to end (issue 14, docs/hosts.md and docs/server.md "History"): real <c>drydock host update</c>,
/// <c>host rollback</c> and <c>host audit</c> processes against a real dockerd and docker-registry post their reports to
/// a real <c>drydock server</c> process on real PostgreSQL; what the server stored is read back through its own API
/// (<c>GET /api/v1/dashboard/hosts</c>: the hosts, their containers, <c>update_history</c> and <c>freshness_history</c>).
/// A refused token leaves the report written, says so in one line on stderr and ends in exit 3.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AgentReportTests(ServerFixture server, HostEnginesFixture engines) : IClassFixture<HostEnginesFixture>
{
    private const string WrongToken = "ddk_not-a-token-of-this-server";

    [AgentReportFact]
    public async Task UpdateAndRollback_WithReportTo_ServerStoresBothRuns()
    {
        // Given: rep-svc runs build 1, build 2 is pushed under the same tag, a server with an agent and a read token
        var v1 = await RunAsync("rep", 1);
        using var push = engines.Push;
        var v2 = await TinyAppImage.PushAsync(push, "agent/rep", "1", 2);
        using var session = await ServerSession.StartAsync(server, "--no-worker");
        var agent = await session.TokenAsync("agent");
        var state = engines.NewDirectory("rep-state");
        var output = Path.Combine(engines.NewDirectory("rep-out"), "run.json");

        // When: an update reporting with --token, then a rollback reporting with DRYDOCK_TOKEN
        var update = await DrydockProcess.RunAsync(null, [.. Update("rep-svc", state), "--output", output, "--report-to", session.Process.BaseUrl!, "--token", agent]);
        var rollback = await DrydockProcess.RunAsync(new Dictionary<string, string> { ["DRYDOCK_TOKEN"] = agent },
            "-q", "host", "rollback", "rep-svc", "--host", engines.Dockerd!.Host, "--state-dir", state, "--health-timeout", "60", "--report-to", session.Process.BaseUrl!);

        // Then: both runs succeeded, the report file says updated, and the server holds both outcomes with their image ids
        Assert.True(update.ExitCode == 0, update.Stdout + update.Stderr);
        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        Assert.True(update.Stderr.Length == 0, "stderr of a quiet update: " + update.Stderr);
        Assert.Equal("updated", JsonNode.Parse(await File.ReadAllTextAsync(output))!["hosts"]![0]!["containers"]![0]!["outcome"]!.GetValue<string>());
        var rows = await UpdatesAsync(session, "rep-svc");
        Assert.Equal(["rolledback", "updated"], rows.Select(r => r["outcome"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var updated = rows.Single(r => r["outcome"]!.GetValue<string>() == "updated");
        Assert.Equal(v1.ImageId, updated["from"]!.GetValue<string>());
        Assert.Equal(v2.ImageId, updated["to"]!.GetValue<string>());
        var rolledBack = rows.Single(r => r["outcome"]!.GetValue<string>() == "rolledback");
        Assert.Equal(v1.ImageId, rolledBack["to"]!.GetValue<string>());
        Assert.Equal(v1.ImageId, (await EngineState.InspectAsync(engines.DockerAsync, "rep-svc"))["Image"]!.GetValue<string>());
    }

    [AgentReportFact]
    public async Task Update_WrongToken_ReportWrittenOneLineExitThreeNothingStored()
    {
        // Given: tok-svc is current (nothing to update: the run itself succeeds)
        await RunAsync("tok", 1);
        using var session = await ServerSession.StartAsync(server, "--no-worker");
        var output = Path.Combine(engines.NewDirectory("tok-out"), "run.json");

        // When
        var run = await DrydockProcess.RunAsync(null, [.. Update("tok-svc", engines.NewDirectory("tok-state")), "--output", output,
            "--report-to", session.Process.BaseUrl!, "--token", WrongToken]);

        // Then: the report is on disk, stderr is one line naming the refusal, exit 3, and the server stored no row
        Assert.True(run.ExitCode == 3, run.Stdout + run.Stderr);
        Assert.Equal("kept", JsonNode.Parse(await File.ReadAllTextAsync(output))!["hosts"]![0]!["containers"]![0]!["outcome"]!.GetValue<string>());
        var line = OneLine(run.Stderr);
        Assert.StartsWith($"drydock: the run report was not posted: --report-to {session.Process.BaseUrl!.TrimEnd('/')}/api/v1/agents/runs: the server answered 401", line, StringComparison.Ordinal);
        Assert.Empty(await UpdatesAsync(session, "tok-svc"));
    }

    [AgentReportFact]
    public async Task Audit_WithReportToThenWrongToken_HostStoredThenOneLineExitThree()
    {
        // Given: aud-svc runs build 1 and build 2 is pushed, so the audit finds it stale
        var v1 = await RunAsync("aud", 1);
        using var push = engines.Push;
        var v2 = await TinyAppImage.PushAsync(push, "agent/aud", "1", 2);
        using var session = await ServerSession.StartAsync(server, "--no-worker");
        var agent = await session.TokenAsync("agent");
        var folder = engines.NewDirectory("aud-out");
        string[] audit = ["-q", "host", "audit", "--host", engines.Dockerd!.Host, "--insecure-registry", engines.Registry!.Host, "--format", "json",
            "--report-to", session.Process.BaseUrl!];

        // When: an audit with the agent token, then one with a token the server does not know
        var good = await DrydockProcess.RunAsync(null, [.. audit, "--output", Path.Combine(folder, "good.json"), "--token", agent]);
        var refused = await DrydockProcess.RunAsync(new Dictionary<string, string> { ["DRYDOCK_TOKEN"] = WrongToken }, [.. audit, "--output", Path.Combine(folder, "refused.json")]);

        // Then: the server lists the host with aud-svc stale on build 1's digest, and a freshness row naming build 2
        Assert.True(good.ExitCode == 0, good.Stdout + good.Stderr);
        var hosts = await DashboardHostsAsync(session);
        var host = hosts["hosts"]!.AsArray().Single(h => h!["name"]!.GetValue<string>() == engines.Dockerd.Host)!;
        var container = host["containers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "aud-svc")!;
        Assert.True(container["stale"]!.GetValue<bool>());
        Assert.EndsWith(v1.ManifestDigest, container["imageDigest"]!.GetValue<string>(), StringComparison.Ordinal);
        var freshness = hosts["freshness"]!.AsArray().Single(f => f!["container"]!.GetValue<string>() == "aud-svc")!;
        Assert.Equal(v2.ManifestDigest, freshness["latestDigest"]!.GetValue<string>());

        // Then: the refused audit still wrote its report, said why in one line and exited 3; the server kept one audit only
        Assert.True(refused.ExitCode == 3, refused.Stdout + refused.Stderr);
        var written = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "refused.json")))!;
        Assert.Contains(written["containers"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "aud-svc");
        var line = OneLine(refused.Stderr);
        Assert.StartsWith($"drydock: --report-to {session.Process.BaseUrl!.TrimEnd('/')}/api/v1/agents/audits: the server answered 401", line, StringComparison.Ordinal);
        Assert.Single((await DashboardHostsAsync(session))["freshness"]!.AsArray(), f => f!["container"]!.GetValue<string>() == "aud-svc");
    }

    /// <summary>Pushes build <paramref name="version"/> of <c>agent/NAME:1</c> and runs it on the engine as <c>NAME-svc</c>.</summary>
    private async Task<TinyAppImage.Pushed> RunAsync(string name, int version)
    {
        var reference = $"{engines.Registry!.Host}/agent/{name}:1";
        using var push = engines.Push;
        var pushed = await TinyAppImage.PushAsync(push, $"agent/{name}", "1", version);
        await engines.DockerAsync("pull", "-q", reference);
        await engines.DockerAsync("run", "-d", "--name", $"{name}-svc", reference);
        return pushed;
    }

    private string[] Update(string container, string state) =>
        ["-q", "host", "update", "--host", engines.Dockerd!.Host, "--container", container, "--state-dir", state,
         "--insecure-registry", engines.Registry!.Host, "--health-timeout", "60", "--format", "json"];

    private static string OneLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "stderr is not one line:\n" + stderr);
        return lines[0];
    }

    private static async Task<JsonNode> DashboardHostsAsync(ServerSession session)
    {
        var read = await session.TokenAsync("read");
        var (status, body, _) = await session.SendAsync(session.Request(HttpMethod.Get, "/api/v1/dashboard/hosts", read));
        Assert.True(status == System.Net.HttpStatusCode.OK, $"{status}: {body}");
        return body!;
    }

    /// <summary>The server's <c>update_history</c> rows of <paramref name="container"/> (GET /api/v1/dashboard/hosts, "updates").</summary>
    private async Task<JsonNode[]> UpdatesAsync(ServerSession session, string container) =>
        (await DashboardHostsAsync(session))["updates"]!.AsArray()
            .Where(u => u!["container"]!.GetValue<string>() == container && u["host"]!.GetValue<string>() == engines.Dockerd!.Host).Select(u => u!).ToArray();
}

/// <summary>A fact that needs the server's PostgreSQL and tools and a dockerd (as root): skipped with the reason otherwise.</summary>
public sealed class AgentReportFactAttribute : FactAttribute
{
    public AgentReportFactAttribute()
    {
        Skip = ServerFixture.Missing() ?? TestRoot.MissingTools(HostEnginesFixture.Tools) ?? (Environment.UserName == "root" ? null : "dockerd tests need root");
    }
}
