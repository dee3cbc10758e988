using System.Text.Json;
using Drydock.Cli;
using Drydock.Tests.Files;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Cli;

public sealed class DockerfileCommandTests : IDisposable
{
    // Lines: ENV secret 2, ADD 3, apt-get update alone 4, setuid 5, USER root 6, a RUN continued over 7-9.
    private const string Dockerfile = """
        FROM ubuntu:22.04
        ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
        ADD config.tar /etc/app/
        RUN apt-get update
        RUN chmod u+s /usr/local/bin/tool
        USER root
        RUN apt-get install -y --no-install-recommends \
              curl \
              openssh-server
        CMD ["/app"]
        """;

    private readonly TestDirectory _dir = new();
    private readonly string _dockerfile;

    public DockerfileCommandTests()
    {
        _dockerfile = _dir.Path("Dockerfile");
        File.WriteAllText(_dockerfile, Dockerfile);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sarif_EachEvidence_ResultAtItsInstructionLines()
    {
        // When
        var (_, output, error) = await CliRun.RunAsync("dockerfile", _dockerfile, "--format", "sarif");

        // Then
        Assert.Equal("", error);
        using var sarif = JsonDocument.Parse(output);
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var results = run.GetProperty("results").EnumerateArray().Select(r =>
        {
            var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            var region = location.GetProperty("region");
            Assert.Equal(rules[r.GetProperty("ruleIndex").GetInt32()], r.GetProperty("ruleId").GetString());
            Assert.EndsWith("/Dockerfile", location.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
            return (Rule: r.GetProperty("ruleId").GetString()!, Start: region.GetProperty("startLine").GetInt32(),
                End: region.TryGetProperty("endLine", out var end) ? end.GetInt32() : (int?)null);
        }).ToList();
        Assert.Contains(("CIS-4.1", 6, (int?)null), results);
        Assert.Contains(("CIS-4.10", 2, (int?)null), results);
        Assert.Contains(("CIS-4.9", 3, (int?)null), results);
        Assert.Contains(("CIS-4.7", 4, (int?)null), results);
        Assert.Contains(("CIS-4.8", 5, (int?)null), results);
        Assert.Contains(("CIS-4.3", 7, (int?)9), results);
        Assert.DoesNotContain(results, r => r.Start == 1 && r.Rule != "CIS-4.2" && r.Rule != "CIS-4.6");
    }

    [Fact]
    public async Task Output_CharacterDevice_StaysDevice()
    {
        // Given
        var device = _dir.Path("null");
        FileKinds.MakeNullDevice(device);

        // When
        var (_, output, error) = await CliRun.RunAsync("dockerfile", _dockerfile, "--format", "sarif", "--output", device);

        // Then
        Assert.Equal(("", ""), (output, error));
        Assert.Equal("character special file", FileKinds.Of(device));
    }

    [Fact]
    public async Task ExtraOutput_DevStdout_PrintsToStdoutAndKeepsLink()
    {
        // When
        var (_, output, error) = await CliRun.RunAsync("dockerfile", _dockerfile, "--format", "sarif", "--output", _dir.Path("r.sarif"), "-o", "json=/dev/stdout");

        // Then
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.TryGetProperty("controls", out _));
        Assert.Equal("symbolic link", FileKinds.Of("/dev/stdout"));
    }

    [Fact]
    public async Task ExtraOutput_Fifo_ReaderReceivesWholeReport()
    {
        // Given
        var fifo = _dir.Path("report.pipe");
        FileKinds.MakeFifo(fifo);
        var reader = Task.Run(() => File.ReadAllText(fifo));

        // When
        var (_, output, error) = await CliRun.RunAsync("dockerfile", _dockerfile, "--format", "json", "-o", "json=" + fifo);

        // Then
        Assert.Equal("", error);
        Assert.Equal(output, await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("fifo", FileKinds.Of(fifo));
    }

    [Fact]
    public async Task Output_Symlink_StaysLinkAndTargetHoldsReport()
    {
        // Given
        var target = _dir.Path("kept.json");
        File.WriteAllText(target, "old");
        var link = _dir.Path("report.json");
        File.CreateSymbolicLink(link, target);

        // When
        var (_, output, error) = await CliRun.RunAsync("dockerfile", _dockerfile, "--format", "json", "--output", link, "-o", "json=" + _dir.Path("copy.json"));

        // Then
        Assert.Equal(("", ""), (output, error));
        Assert.Equal("symbolic link", FileKinds.Of(link));
        Assert.Equal(File.ReadAllText(_dir.Path("copy.json")), File.ReadAllText(target));
    }
}
