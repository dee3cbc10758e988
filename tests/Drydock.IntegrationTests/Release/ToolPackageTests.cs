using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// The dotnet tool package (docs/ci.md "Release artifacts"): packed from this build, installed from a local feed into a
/// tool path of the test's own (never the machine's global tools), with a NuGet config that knows only that feed and
/// a packages folder of its own, and run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _dir = TestRoot.NewRunDirectory("tool-package");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [IntegrationFact("dotnet")]
    public async Task ToolInstall_LocalFeed_InstallsAndRunsVersion()
    {
        // Given: the package in a local feed (packed from the Release build the tests run from)
        var feed = Directory.CreateDirectory(Path.Combine(_dir, "feed")).FullName;
        var tools = Path.Combine(_dir, "tools");
        var config = Path.Combine(_dir, "nuget.config");
        await File.WriteAllTextAsync(config,
            $"<configuration><packageSources><clear /><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>");
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_dir, "packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(_dir, "home"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        await ExternalProcess.RunAsync("dotnet", ["pack", Path.Combine(SharedTestData.RepositoryRoot, "src", "Drydock.Cli"), "-c", "Release",
            "--no-build", "-o", feed, "-nologo", "-v:q"], TimeSpan.FromMinutes(5), environment);
        Assert.True(File.Exists(Path.Combine(feed, "drydock.0.1.0.nupkg")), "dotnet pack wrote no drydock.0.1.0.nupkg");

        // When: what a user types, with a tool path instead of -g
        await ExternalProcess.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "drydock"],
            TimeSpan.FromMinutes(5), environment);
        var version = await ExternalProcess.RunAsync(Path.Combine(tools, "drydock"), ["version"], TimeSpan.FromMinutes(1), environment);

        // Then
        Assert.Equal("drydock 0.1.0", version.Trim());
    }
}
