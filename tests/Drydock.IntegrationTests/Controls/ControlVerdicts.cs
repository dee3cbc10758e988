using System.Text.Json;
using Drydock.IntegrationTests.Hosts;

namespace Drydock.IntegrationTests.Controls;

/// <summary>One control's verdict from a JSON report of `drydock image`.</summary>
internal sealed record ControlVerdict(string Outcome, string Summary, IReadOnlyList<string> Evidence);

/// <summary>Runs `drydock image --scanners controls --offline --format json` as a real process and reads the controls.</summary>
internal static class ControlVerdicts
{
    public static async Task<IReadOnlyDictionary<string, ControlVerdict>> ImageAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var run = await DrydockProcess.RunAsync(environment, ["image", "--scanners", "controls", "--offline", "--no-cache", "--format", "json", .. args]);
        Assert.True(run.ExitCode is 0 or 1, $"drydock exited {run.ExitCode}: {run.Stderr}");
        using var report = JsonDocument.Parse(run.Stdout);
        return report.RootElement.GetProperty("controls").EnumerateArray().ToDictionary(
            c => c.GetProperty("id").GetString()!,
            c => new ControlVerdict(c.GetProperty("outcome").GetString()!, c.GetProperty("summary").GetString()!,
                c.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList()));
    }
}
