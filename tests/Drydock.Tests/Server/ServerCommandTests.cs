using Drydock.Cli;

namespace Drydock.Tests.Server;

/// <summary><c>drydock server</c>'s argument checks: each bad combination is one stderr line and a documented exit code, before anything starts.</summary>
public sealed class ServerCommandTests
{
    private const string Dsn = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2";

    [Theory]
    [InlineData("--worker --no-worker", "drydock: --worker and --no-worker exclude each other")]
    [InlineData("--workers 0", "drydock: --workers must be between 1 and 64")]
    [InlineData("--job-lease 1s", "drydock: --job-lease must be 3s or more")]
    [InlineData("--retain-db-versions 0", "drydock: --retain-db-versions must be 1 or more")]
    [InlineData("--webhook-secret s3cret", "drydock: --webhook-secret needs --webhook")]
    [InlineData("--webhook ftp://x", "drydock: --webhook 'ftp://x' is not an http(s) URL")]
    [InlineData("--listen 127.0.0.1", "drydock: --listen '127.0.0.1' is not HOST:PORT (e.g. 127.0.0.1:8080)")]
    [InlineData("--bootstrap-token-file /nonexistent/token", "drydock: --bootstrap-token-file /nonexistent/token: no such file")]
    public async Task Run_BadFlags_ExitsTwoWithOneLine(string flags, string expected)
    {
        // Given
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(["server", "--postgres", Dsn, .. flags.Split(' ')], stdout, stderr);

        // Then
        Assert.Equal(2, code);
        Assert.Equal(expected, stderr.ToString().Trim());
    }

    [Fact]
    public async Task Run_NoPostgres_ExitsThreeWithOneLine()
    {
        // Given
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(["server", "--postgres", ""], stdout, stderr);

        // Then
        Assert.Equal(3, code);
        Assert.StartsWith("drydock: the server needs PostgreSQL: give --postgres", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().Trim().Split('\n'));
    }
}
