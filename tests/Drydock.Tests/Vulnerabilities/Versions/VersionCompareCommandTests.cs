using Drydock.Cli;
using Drydock.Cli.Commands;
using Drydock.Vulnerabilities.Versions;

namespace Drydock.Tests.Vulnerabilities.Versions;

public sealed class VersionCompareCommandTests
{
    [Theory]
    [InlineData("deb", "1:1.0", "2.0", "1")]
    [InlineData("deb", "1.0~rc1", "1.0", "-1")]
    [InlineData("rpm", "1.0-1.el8", "1.0-1.el8", "0")]
    [InlineData("apk", "1.2.3_rc1-r0", "1.2.3-r0", "-1")]
    public async Task Run_TwoVersions_PrintsNormalisedSign(string scheme, string a, string b, string expected)
    {
        // Given
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(["version", "compare", scheme, a, b], stdout, stderr);

        // Then
        Assert.Equal(0, code);
        Assert.Equal(expected, stdout.ToString().Trim());
    }

    [Fact]
    public async Task Run_InvalidVersion_ExitsTwoWithOneLine()
    {
        // Given
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(["version", "compare", "deb", "A:1.0", "1.0"], stdout, stderr);

        // Then
        Assert.Equal(2, code);
        Assert.Equal("drydock: invalid deb version: 'A:1.0'", stderr.ToString().Trim());
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public async Task Run_UnknownScheme_ListsKnownSchemes()
    {
        // Given
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(["version", "compare", "nope", "1", "2"], stdout, stderr);

        // Then
        Assert.Equal(2, code);
        Assert.Contains("known: deb, rpm, apk", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoArguments_PrintsToolVersion()
    {
        // Given
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(["version"], stdout, stderr);

        // Then
        Assert.Equal(0, code);
        Assert.StartsWith("drydock ", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CompareLines_MixedInput_PrintsGoodLinesAndWarnsWithLineNumbers()
    {
        // Given
        using var input = new StringReader("1.0\t2.0\nbroken line\n2:1\t1:9\n1.0\tA:1\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = VersionCommand.CompareLines(new DebVersionComparer(), input, stdout, stderr);

        // Then
        Assert.Equal(2, code);
        Assert.Equal(["-1", "1"], stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var warnings = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, warnings.Length);
        Assert.StartsWith("drydock: line 2: ", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("drydock: line 4: invalid deb version", warnings[1], StringComparison.Ordinal);
    }
}
