namespace Drydock.Tests.Cli;

/// <summary><c>host inventories prune</c> and <c>host audit --host-timeout</c> refuse bad values with one line and exit 2, touching nothing.</summary>
public sealed class HostInventoriesCommandTests
{
    [Theory]
    [InlineData("--older-than", "-1", "--older-than must be zero or more days")]
    [InlineData("--keep", "-3", "--keep must be zero or more records")]
    public async Task Prune_NegativeBound_OneLineExitTwo(string option, string value, string message)
    {
        // Given / When
        var (code, stdout, stderr) = await CliRun.RunAsync("host", "inventories", "prune", option, value);

        // Then
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Audit_NegativeHostTimeout_OneLineExitTwo()
    {
        // Given / When
        var (code, stdout, stderr) = await CliRun.RunAsync("host", "audit", "--host", "unix:///nonexistent/drydock-test.sock", "--host-timeout", "-1");

        // Then
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--host-timeout must be zero (no limit) or more seconds", stderr, StringComparison.Ordinal);
    }
}
