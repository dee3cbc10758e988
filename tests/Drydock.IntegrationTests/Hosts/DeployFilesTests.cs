using System.Diagnostics;
using Drydock.IntegrationTests.Inventory.Languages;
using Drydock.Testing;
using YamlDotNet.RepresentationModel;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Where operators already are (issue 14 item 9): the systemd units pass <c>systemd-analyze verify</c> without a
/// warning, the Ansible playbook passes <c>ansible-playbook --syntax-check</c> and keeps its canary batch and error
/// budget, and the SSM document is a command document whose one step runs <c>drydock host update</c>. Each check is
/// skipped, saying which tool is missing, where the tool is absent.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeployFilesTests : IDisposable
{
    private static readonly string Deploy = Path.Combine(SharedTestData.RepositoryRoot, "deploy");
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresToolsFact("systemd-analyze")]
    public async Task SystemdUnits_VerifiedBySystemdAnalyze_NoWarnings()
    {
        // Given: the units as shipped, with ExecStart's /usr/local/bin/drydock (not installed here) replaced by an executable that exists
        const string drydock = "/bin/true";
        var units = new List<string>();
        foreach (var unit in Directory.GetFiles(Path.Combine(Deploy, "systemd")).Order(StringComparer.Ordinal))
        {
            var copy = Path.Combine(_dir, Path.GetFileName(unit));
            await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(unit)).Replace("/usr/local/bin/drydock", drydock, StringComparison.Ordinal));
            units.Add(copy);
        }

        // When
        var (code, _, stderr) = await RunAsync("systemd-analyze", ["verify", "--man=no", .. units]);

        // Then
        Assert.Equal(["drydock-update.service", "drydock-update.timer", "drydock-watch.service"], units.Select(Path.GetFileName));
        Assert.True(code == 0 && stderr.Length == 0, stderr);
    }

    [RequiresToolsFact("ansible-playbook")]
    public async Task AnsiblePlaybook_SyntaxCheck_PassesWithCanaryBatchAndErrorBudget()
    {
        // Given
        var playbook = Path.Combine(Deploy, "ansible", "drydock-host-update.yml");

        // When
        var (code, stdout, stderr) = await RunAsync("ansible-playbook", ["-i", "localhost,", "--syntax-check", playbook],
            new Dictionary<string, string> { ["ANSIBLE_LOCAL_TEMP"] = _dir, ["ANSIBLE_HOME"] = _dir });

        // Then: valid, the first batch is one host, and a failed batch stops the play
        Assert.True(code == 0, stdout + stderr);
        var play = (YamlMappingNode)((YamlSequenceNode)Load(playbook)).Children[0];
        Assert.Equal("1", ((YamlSequenceNode)play["serial"]).Children[0].ToString());
        Assert.Equal("10", play["max_fail_percentage"].ToString());
    }

    [Fact]
    public void SsmDocument_CommandDocument_RunsDrydockHostUpdate()
    {
        // Given / When
        var doc = (YamlMappingNode)Load(Path.Combine(Deploy, "ssm", "drydock-host-update.yaml"));

        // Then
        Assert.Equal("2.2", doc["schemaVersion"].ToString());
        var step = (YamlMappingNode)((YamlSequenceNode)doc["mainSteps"]).Children.Single();
        Assert.Equal("aws:runShellScript", step["action"].ToString());
        var commands = ((YamlSequenceNode)((YamlMappingNode)step["inputs"])["runCommand"]).Children.Select(c => c.ToString()).ToList();
        Assert.Contains(commands, c => c.StartsWith("drydock host update ", StringComparison.Ordinal) && c.Contains("{{ Selection }}", StringComparison.Ordinal));
        var parameters = (YamlMappingNode)doc["parameters"];
        Assert.Equal(["HealthTimeout", "Selection", "StateDir"], parameters.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    private static YamlNode Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return yaml.Documents.Single().RootNode;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, string[] args, Dictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
