using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Cli;

/// <summary>
/// The usage side of <c>drydock base add --repository</c> (no registry is reached: each case is refused before any
/// request); the repository itself is read from a real registry in the integration tests (BaseRepositoryTests).
/// </summary>
public sealed class BaseAddRepositoryCliTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--repository and a target", "drydock: --repository catalogues a whole repository: give no TARGET and no --as", "base", "add", "debian:12", "--repository", "registry.example.com/base/debian")]
    [InlineData("--repository with a tag", "drydock: --repository 'registry.example.com/base/debian:12' must name a repository, without tag or digest (e.g. registry.example.com/team/signatures)", "base", "add", "--repository", "registry.example.com/base/debian:12")]
    [InlineData("neither", "drydock: base add needs a TARGET, or --repository REF", "base", "add")]
    [InlineData("--max-tags 0", "drydock: --max-tags must be at least 1", "base", "add", "--repository", "registry.example.com/base/debian", "--max-tags", "0")]
    public async Task Add_RepositoryMisused_ExitsTwoWithOneLine(string scenario, string expected, params string[] args)
    {
        // When
        var (code, output, error) = await CliRun.RunAsync([.. args, "--catalog", _dir.Path("c.json")]);

        // Then
        Assert.True(code == 2, scenario);
        Assert.Equal("", output);
        Assert.Equal(expected, error.Trim());
        Assert.False(File.Exists(_dir.Path("c.json")));
    }
}
