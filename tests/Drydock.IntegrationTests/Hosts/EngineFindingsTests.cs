using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// The daemon findings of <c>drydock host audit</c> against two real dockerd engines: one started with
/// <c>--insecure-registry</c> (a registry, a CIDR and a plain-HTTP mirror), one without. CIS-4.2 fails on the first
/// naming each, passes on the second; the policy's <c>insecureRegistriesAllowed</c> accepts the registry it names.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EngineFindingsTests
{
    [IntegrationFact("dockerd", "docker")]
    public async Task Audit_EngineWithInsecureRegistries_Cis42FailsThereOnlyAndPolicyAcceptsTheNamedOne()
    {
        // Given
        using var insecure = await DockerdServer.StartAsync(["--insecure-registry", "registry.internal:5000", "--insecure-registry", "10.9.0.0/16",
            "--registry-mirror", "http://mirror.internal:5001"]);
        using var secure = await DockerdServer.StartAsync();
        var work = TestRoot.NewRunDirectory("engine-findings");
        var policy = Path.Combine(work, "drydock.yaml");
        await File.WriteAllTextAsync(policy, "version: 1\ninsecureRegistriesAllowed: [registry.internal:5000]\n");
        var env = new Dictionary<string, string> { ["DRYDOCK_CACHE_DIR"] = Path.Combine(work, "cache"), ["DRYDOCK_DB"] = Path.Combine(work, "none.db") };
        string[] hosts = ["--host", insecure.Host, "--host", secure.Host, "--format", "json", "--state-dir", Path.Combine(work, "state")];

        // When
        var plain = await DrydockProcess.RunAsync(env, ["host", "audit", .. hosts]);
        var allowed = await DrydockProcess.RunAsync(env, ["host", "audit", .. hosts, "--policy", policy]);
        var table = await DrydockProcess.RunAsync(env, "host", "audit", "--host", insecure.Host, "--state-dir", Path.Combine(work, "state"));

        // Then
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        var hostsJson = JsonDocument.Parse(plain.Stdout).RootElement.GetProperty("hosts").EnumerateArray().ToDictionary(h => h.GetProperty("host").GetString()!);
        var onInsecure = Finding(hostsJson[insecure.Host], "CIS-4.2");
        Assert.Equal("fail", onInsecure.Outcome);
        Assert.Contains("registry.internal:5000", onInsecure.Reason, StringComparison.Ordinal);
        Assert.Contains("CIDR 10.9.0.0/16", onInsecure.Reason, StringComparison.Ordinal);
        Assert.Contains("mirror http://mirror.internal:5001", onInsecure.Reason, StringComparison.Ordinal);
        Assert.Equal(["registry.internal:5000"], hostsJson[insecure.Host].GetProperty("engine").GetProperty("insecureRegistries").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("pass", Finding(hostsJson[secure.Host], "CIS-4.2").Outcome);
        // The Debian docker.io engine of this machine is 20.10, whose branch ended on 2023-12-10.
        var eol = Finding(hostsJson[secure.Host], "DRYDOCK-ENGINE-EOL");
        Assert.Equal("fail", eol.Outcome);
        Assert.Contains("20.10", eol.Reason, StringComparison.Ordinal);
        var withPolicy = JsonDocument.Parse(allowed.Stdout).RootElement.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("host").GetString() == insecure.Host);
        var accepted = Finding(withPolicy, "CIS-4.2");
        Assert.Equal("fail", accepted.Outcome);
        Assert.DoesNotContain("from registry.internal:5000", accepted.Reason, StringComparison.Ordinal);
        Assert.Contains("accepted by insecureRegistriesAllowed: registry.internal:5000", accepted.Reason, StringComparison.Ordinal);
        Assert.Contains($"{insecure.Host}\tengine CIS-4.2 fail: ", table.Stdout, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    private static (string Outcome, string Reason) Finding(JsonElement host, string id)
    {
        var f = host.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);
        return (f.GetProperty("outcome").GetString()!, f.GetProperty("reason").GetString()!);
    }
}
