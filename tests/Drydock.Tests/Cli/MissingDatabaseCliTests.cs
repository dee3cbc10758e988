using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Cli;

/// <summary>Issue 13 §5: without a database, <c>drydock image</c> exits 3 and names the one command that gets one.</summary>
public sealed class MissingDatabaseCliTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Target()
    {
        new ImageBuilder().User("app").Layer(new TarBuilder().File("etc/os-release", "ID=alpine\nVERSION_ID=3.22.1\n")).WriteOciLayout(_dir.Path("img"), "t");
        return "oci:" + _dir.Path("img") + ":t";
    }

    [Fact]
    public async Task Image_NoDatabaseNoRepository_Exit3NamesDbUpdateWithTheSameDb()
    {
        // Given
        var db = _dir.Path("none/vuln.db");

        // When
        var (code, stdout, stderr) = await CliRun.RunAsync("image", Target(), "--db", db, "--no-cache", "--quiet");

        // Then
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Equal($"drydock: no vulnerability database at {db}; get one with 'drydock db update --db {db}' (or 'drydock db import BUNDLE' offline, or scan with --scanners controls)",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Image_NoDatabaseRepositoryUnreachable_Exit3NamesDbPull()
    {
        // Given: a repository on a port nothing listens on
        var db = _dir.Path("none/vuln.db");

        // When
        var (code, _, stderr) = await CliRun.RunAsync("image", Target(), "--db", db, "--db-repository", "127.0.0.1:9/team/db", "--no-cache", "--quiet");

        // Then
        Assert.Equal(3, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"drydock: no vulnerability database at {db}, and the pull failed: registry 127.0.0.1:9: unreachable", line, StringComparison.Ordinal);
        Assert.EndsWith($"run 'drydock db pull 127.0.0.1:9/team/db:2 --db {db}' once the registry answers", line, StringComparison.Ordinal);
    }
}
