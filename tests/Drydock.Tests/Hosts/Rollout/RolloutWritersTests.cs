using System.Text.Json.Nodes;
using Drydock.Hosts.Rollout;
using Drydock.Reports.Hosts;

namespace Drydock.Tests.Hosts.Rollout;

/// <summary>The run report of <c>host update</c>: the table's columns and summary, and the JSON's fields (docs/hosts.md "Run report").</summary>
public sealed class RolloutWritersTests
{
    private const string Old = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string New = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static readonly RolloutReport Report = new(
        [
            new HostRunResult("unix:///a.sock", HostOutcome.Failed, null,
                [new ContainerRunResult("web", ContainerOutcome.RolledBack, Old, New, "failed", TimeSpan.FromSeconds(4.2), "rolled back to 111111111111: unhealthy") { Failure = true }],
                TimeSpan.FromSeconds(5)),
            new HostRunResult("tcp://b:2376", HostOutcome.Skipped, "not started: canary failed: unix:///a.sock failed", [], TimeSpan.Zero),
        ],
        new RolloutOptions { Canary = 1, MaxErrors = new(10, true), HostTimeout = TimeSpan.FromMinutes(10) },
        "canary failed: unix:///a.sock failed",
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        TimeSpan.FromSeconds(5));

    [Fact]
    public void Table_CanaryHalted_ContainerLineHostLineAndSummary()
    {
        // Given
        using var text = new StringWriter { NewLine = "\n" };

        // When
        RolloutTableWriter.Write(Report, text);

        // Then
        Assert.Equal(
            "HOST\tCONTAINER\tOUTCOME\tFROM\tTO\tHEALTH\tDURATION\tMESSAGE\n" +
            "unix:///a.sock\tweb\trolledback\t111111111111\t222222222222\tfailed\t4.2s\trolled back to 111111111111: unhealthy\n" +
            "tcp://b:2376\t-\tskipped\t-\t-\t-\t0.0s\tnot started: canary failed: unix:///a.sock failed\n" +
            "# 2 hosts: 0 succeeded, 1 failed, 0 unreachable, 0 timed-out, 1 skipped; halted: canary failed: unix:///a.sock failed\n",
            text.ToString());
    }

    [Fact]
    public void Json_CanaryHalted_DocumentedFields()
    {
        // Given
        using var buffer = new MemoryStream();

        // When
        RolloutJsonWriter.Write(Report, buffer);
        var json = JsonNode.Parse(buffer.ToArray())!;

        // Then
        Assert.Equal("2023-11-14T22:13:20Z", json["startedAt"]!.GetValue<string>());
        Assert.Equal("10%", json["options"]!["maxErrors"]!.GetValue<string>());
        Assert.Equal(600, json["options"]!["hostTimeoutSeconds"]!.GetValue<double>());
        Assert.Equal("canary failed: unix:///a.sock failed", json["halted"]!.GetValue<string>());
        Assert.Equal(1, json["summary"]!["skipped"]!.GetValue<int>());
        var web = json["hosts"]![0]!["containers"]![0]!;
        Assert.Equal("rolledback", web["outcome"]!.GetValue<string>());
        Assert.Equal(Old, web["from"]!.GetValue<string>());
        Assert.Equal(New, web["to"]!.GetValue<string>());
        Assert.Equal("failed", web["health"]!.GetValue<string>());
        Assert.Equal(4.2, web["durationSeconds"]!.GetValue<double>());
        Assert.True(web["failure"]!.GetValue<bool>());
        Assert.Equal("skipped", json["hosts"]![1]!["outcome"]!.GetValue<string>());
    }
}
