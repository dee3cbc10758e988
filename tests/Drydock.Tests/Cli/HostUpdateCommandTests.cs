namespace Drydock.Tests.Cli;

/// <summary>
/// <c>host update</c>'s rollout and <c>--to</c> flags refuse bad values with one line and exit 2, before any engine is
/// contacted (the host given does not exist).
/// </summary>
public sealed class HostUpdateCommandTests
{
    private static readonly string[] Base = ["host", "update", "--host", "unix:///nonexistent/drydock-test.sock", "--state-dir", "/nonexistent/state"];

    [Theory]
    [InlineData("--all", "--max-errors", "ten", "invalid --max-errors 'ten'")]
    [InlineData("--all", "--max-concurrency", "0", "--max-concurrency must be at least 1")]
    [InlineData("--all", "--max-concurrency", "150%", "invalid --max-concurrency '150%'")]
    [InlineData("--all", "--canary", "-1", "--canary must be zero or more")]
    [InlineData("--all", "--host-timeout", "-5", "--host-timeout must be zero")]
    [InlineData("--all", "--to", "app:2", "--to REF moves containers named with --container")]
    [InlineData("--all", "--format", "xml", "unknown --format 'xml'")]
    [InlineData("--all", "--report-to", "ftp://drydock.example", "--report-to 'ftp://drydock.example' is not an http(s) URL")]
    public async Task Update_BadRolloutValue_OneLineExitTwo(string select, string option, string value, string message)
    {
        // Given / When
        var (code, stdout, stderr) = await CliRun.RunAsync([.. Base, select, option, value]);

        // Then
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Update_NoSelection_NamesProjectAmongTheChoices()
    {
        // Given / When
        var (code, _, stderr) = await CliRun.RunAsync(Base);

        // Then
        Assert.Equal(2, code);
        Assert.Contains("--project NAME", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("update", "--all")]
    [InlineData("rollback", "web")]
    [InlineData("audit", "--quiet")]
    public async Task ReportTo_WithoutToken_RefusedBeforeAnyEngineIsContacted(string verb, string selection)
    {
        // Given: no --token and no DRYDOCK_TOKEN
        Assert.Null(Environment.GetEnvironmentVariable("DRYDOCK_TOKEN"));

        // When
        var (code, stdout, stderr) = await CliRun.RunAsync("host", verb, selection, "--host", "unix:///nonexistent/drydock-test.sock", "--state-dir", "/nonexistent/state",
            "--report-to", "http://127.0.0.1:9/");

        // Then: a usage error naming the missing token, not a connection error
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--report-to needs --token (or DRYDOCK_TOKEN)", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
