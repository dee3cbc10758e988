using Drydock.Hosts.Rollout;

namespace Drydock.Tests.Hosts.Rollout;

/// <summary>SSM's numbers: a percentage of the hosts, rounded down; concurrency never below one.</summary>
public sealed class RolloutLimitTests
{
    [Theory]
    [InlineData("3", 10, 3)]
    [InlineData("50%", 5, 2)]
    [InlineData("10%", 5, 1)]
    [InlineData("100%", 7, 7)]
    public void Concurrency_NumberOrPercent_HostsAtATime(string text, int total, int expected)
    {
        // Given
        var limit = RolloutLimit.Parse(text, "--max-concurrency");

        // When / Then
        Assert.Equal(expected, limit.Concurrency(total));
    }

    [Theory]
    [InlineData("0", 10, 0)]
    [InlineData("2", 10, 2)]
    [InlineData("10%", 50, 5)]
    [InlineData("40%", 10, 4)]
    [InlineData("10%", 5, 0)]
    public void Errors_NumberOrPercent_FailuresTolerated(string text, int total, int expected)
    {
        // Given
        var limit = RolloutLimit.Parse(text, "--max-errors");

        // When / Then
        Assert.Equal(expected, limit.Errors(total));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("101%")]
    [InlineData("1.5")]
    [InlineData("ten")]
    public void Parse_Invalid_UsageException(string text)
    {
        // Given / When / Then
        var e = Assert.Throws<UsageException>(() => RolloutLimit.Parse(text, "--max-errors"));
        Assert.Contains("--max-errors", e.Message, StringComparison.Ordinal);
    }
}
